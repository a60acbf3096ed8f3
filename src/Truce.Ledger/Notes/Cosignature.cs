using System.Buffers.Binary;
using System.Text;
using Truce.Ledger.Crypto;

namespace Truce.Ledger.Notes;

/// <summary>
/// Witness cosignatures as C2SP tlog-cosignature (cosignature/v1) defines them: the witness signs
/// "cosignature/v1\ntime T\n" followed by the checkpoint text, and the note signature carries
/// key id (type 0x04) || 8-byte big-endian T || Ed25519 signature.
/// </summary>
public static class Cosignature
{
    static byte[] Message(string checkpointText, ulong time) =>
        Encoding.UTF8.GetBytes($"cosignature/v1\ntime {time}\n{checkpointText}");

    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey) =>
        NoteKeys.KeyId(name, NoteKeys.CosignatureType, publicKey);

    public static NoteSignature Sign(string witnessName, byte[] seed, string checkpointText, ulong time) =>
        Sign(new NoteSigner(witnessName, seed), checkpointText, time);

    public static NoteSignature Sign(NoteSigner witness, string checkpointText, ulong time)
    {
        var sig = witness.Sign(Message(checkpointText, time));
        var blob = new byte[8 + sig.Length];
        BinaryPrimitives.WriteUInt64BigEndian(blob, time);
        sig.CopyTo(blob, 8);
        return new NoteSignature(witness.Name, KeyId(witness.Name, witness.PublicKey), blob);
    }

    /// <summary>True if the signature is a valid cosignature of the text by this witness key.</summary>
    public static bool Verify(NoteSignature signature, string witnessName, ReadOnlySpan<byte> publicKey, string checkpointText,
        out ulong time)
    {
        time = 0;
        if (signature.Name != witnessName || signature.KeyId != KeyId(witnessName, publicKey) || signature.Signature.Length != 72)
        {
            return false;
        }
        time = BinaryPrimitives.ReadUInt64BigEndian(signature.Signature);
        return Ed25519.Verify(publicKey, Message(checkpointText, time), signature.Signature.AsSpan(8));
    }
}
