#include "henhouse/tlog/note.h"

#include <gtest/gtest.h>

#include "henhouse/tlog/checkpoint.h"

namespace henhouse::tlog {
namespace {

// The example of C2SP signed-note v1.0.0 §Verifier keys.
constexpr char kVkey[] = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
constexpr char kNote[] =
    "This is an example message.\n\n"
    "\xE2\x80\x94 example.com/foo "
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

TEST(NoteTest, SpecExampleVerifies) {
  auto key = VerifierKey::Parse(kVkey);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->ToString(), kVkey);
  EXPECT_EQ(key->key_id(), 0x530d903au);
  auto note = ParseNote(kNote);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->text, "This is an example message.\n");
  EXPECT_EQ(FormatNote(*note), kNote);
  auto v = VerifyNote(*note, {*key});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  // One changed byte of text: the known key's signature fails.
  Note changed = *note;
  changed.text[0] = 't';
  EXPECT_EQ(VerifyNote(changed, {*key}).status().code(), StatusCode::kVerificationFailed);
}

TEST(NoteTest, RejectsMalformedNotesAndKeys) {
  EXPECT_FALSE(ParseNote("no signatures\n").ok());
  EXPECT_FALSE(ParseNote("text\n\n").ok());
  EXPECT_FALSE(ParseNote("text\n\n- name AAAAAAA=\n").ok());
  EXPECT_FALSE(ParseNote("te\x01xt\n\n\xE2\x80\x94 a AAAAAAA=\n").ok());
  EXPECT_FALSE(ParseNote("te\xC0\xAFxt\n\n\xE2\x80\x94 a AAAAAAA=\n").ok());
  EXPECT_FALSE(VerifierKey::Parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").ok());
  EXPECT_FALSE(VerifierKey::Parse("example.com/foo+530d903a").ok());
  EXPECT_FALSE(VerifierKey::Parse("exa mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").ok());
}

TEST(NoteTest, UnknownSignaturesAreIgnoredButNeeded) {
  DeterministicRng rng(1);
  auto a = NoteSigner::Create("a.example/log", kSigTypeEd25519, crypto::Ed25519PrivateKey::Generate(rng));
  auto b = NoteSigner::Create("b.example/log", kSigTypeEd25519, crypto::Ed25519PrivateKey::Generate(rng));
  ASSERT_TRUE(a.ok() && b.ok());
  Note n{"hello\n", {a->Sign("hello\n", 0)}};
  EXPECT_TRUE(VerifyNote(n, {a->verifier()}).ok());
  EXPECT_EQ(VerifyNote(n, {b->verifier()}).status().code(), StatusCode::kVerificationFailed);
  // Same name and ID as a, different key: must fail, not be skipped.
  NoteSignature forged = b->Sign("hello\n", 0);
  forged.name = a->verifier().name();
  forged.key_id = a->verifier().key_id();
  Note n2{"hello\n", {forged, a->Sign("hello\n", 0)}};
  EXPECT_EQ(VerifyNote(n2, {a->verifier()}).status().code(), StatusCode::kVerificationFailed);
}

TEST(NoteTest, CosignatureFormat) {
  DeterministicRng rng(2);
  auto w = NoteSigner::Create("witness.example/w1", kSigTypeCosignature,
                              crypto::Ed25519PrivateKey::Generate(rng));
  ASSERT_TRUE(w.ok());
  std::string text = "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  NoteSignature sig = w->Sign(text, 1679315147);
  ASSERT_EQ(sig.signature.size(), 72u);
  // The signed message is the cosignature/v1 header, the time line, the text.
  EXPECT_EQ(CosignatureMessage(1679315147, text),
            "cosignature/v1\ntime 1679315147\n" + text);
  auto pub = crypto::Ed25519PublicKey::FromBytes(w->verifier().key().bytes());
  EXPECT_TRUE(pub->Verify(AsBytes(CosignatureMessage(1679315147, text)),
                          ByteSpan(sig.signature).subspan(8)).ok());
  uint64_t t = 0;
  EXPECT_TRUE(w->verifier().Verify(text, sig, &t).ok());
  EXPECT_EQ(t, 1679315147u);
  // Key ID uses type byte 0x04, not 0x01.
  EXPECT_EQ(w->verifier().key_id(), KeyId("witness.example/w1", 0x04, w->verifier().key().bytes()));
  EXPECT_NE(w->verifier().key_id(), KeyId("witness.example/w1", 0x01, w->verifier().key().bytes()));
  // A changed timestamp breaks the signature.
  NoteSignature shifted = sig;
  shifted.signature[7] ^= 1;
  EXPECT_FALSE(w->verifier().Verify(text, shifted, &t).ok());
}

TEST(CheckpointTest, ParseAndFormat) {
  std::string text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  auto c = Checkpoint::Parse(text);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(c->size, 20852163u);
  EXPECT_EQ(c->Text(), text);
  EXPECT_FALSE(Checkpoint::Parse("o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n").ok());
  EXPECT_FALSE(Checkpoint::Parse("o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n").ok());
  EXPECT_FALSE(Checkpoint::Parse("\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n").ok());
  EXPECT_FALSE(Checkpoint::Parse("o\n12\n").ok());
  EXPECT_FALSE(Checkpoint::Parse("o\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\nx\n").ok());
}

}  // namespace
}  // namespace henhouse::tlog
