namespace Kinko.Secrets;

/// <summary>
/// Where the 32-byte key-encryption key (KEK) comes from. The source owns the key bytes and zeroes them
/// when disposed; a <see cref="SecretBox"/> built from it keeps its own copy inside the cipher, so the
/// source may be disposed as soon as the box exists.
/// </summary>
public interface IKeyEncryptionKeySource : IDisposable
{
    /// <summary>The 32 key bytes. Throws <see cref="ObjectDisposedException"/> after disposal.</summary>
    ReadOnlySpan<byte> Key { get; }
}
