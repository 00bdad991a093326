using System.Security.Cryptography;
using System.Text;

namespace Kinko.Secrets;

/// <summary>
/// Seals small secrets (API secrets, TOTP seeds, ...) at rest with AES-256-GCM under a key-encryption key.
/// A sealed blob is <c>version (1) | nonce (12, random) | ciphertext | tag (16)</c>. The version byte and
/// the purpose (for example <c>"api-secret:42"</c>) are authenticated as associated data, so a blob opens
/// only under the same key and the same purpose: it cannot be moved to another row or use.
/// Every failure to open throws <see cref="SecretOpenException"/>. Safe to share between threads.
/// </summary>
public sealed class SecretBox : IDisposable
{
    public const byte FormatVersion = 1;
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>Bytes a sealed blob has beyond its plaintext.</summary>
    public const int Overhead = 1 + NonceSize + TagSize;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly AesGcm _aes;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Creates a box under a 32-byte key. The key is copied; the caller keeps ownership of its buffer.</summary>
    public SecretBox(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The key-encryption key must be {KeySize} bytes, not {key.Length}.", nameof(key));
        }

        _aes = new AesGcm(key, TagSize);
    }

    /// <summary>Creates a box under the key of <paramref name="source"/>; the source may be disposed afterwards.</summary>
    public SecretBox(IKeyEncryptionKeySource source)
        : this(KeyOf(source))
    {
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var associatedData = AssociatedData(purpose);
        var sealedBlob = new byte[Overhead + plaintext.Length];
        sealedBlob[0] = FormatVersion;
        var nonce = sealedBlob.AsSpan(1, NonceSize);
        var ciphertext = sealedBlob.AsSpan(1 + NonceSize, plaintext.Length);
        var tag = sealedBlob.AsSpan(1 + NonceSize + plaintext.Length, TagSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        return sealedBlob;
    }

    public byte[] Open(ReadOnlySpan<byte> sealedBlob, string purpose)
    {
        var associatedData = AssociatedData(purpose);
        if (sealedBlob.Length < Overhead)
        {
            throw Failure(purpose, $"it is {sealedBlob.Length} bytes, shorter than the minimum {Overhead}");
        }

        if (sealedBlob[0] != FormatVersion)
        {
            throw Failure(purpose, $"its format version is {sealedBlob[0]}, not {FormatVersion}");
        }

        var plaintextLength = sealedBlob.Length - Overhead;
        var nonce = sealedBlob.Slice(1, NonceSize);
        var ciphertext = sealedBlob.Slice(1 + NonceSize, plaintextLength);
        var tag = sealedBlob.Slice(1 + NonceSize + plaintextLength, TagSize);
        var plaintext = new byte[plaintextLength];
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            }
        }
        catch (CryptographicException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw Failure(purpose, "wrong key, wrong purpose or tampered data", e);
        }

        return plaintext;
    }

    /// <summary>Seals UTF-8 text and returns base64 text, ready for a database column.</summary>
    public string SealString(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var bytes = StrictUtf8.GetBytes(plaintext);
        try
        {
            return Convert.ToBase64String(Seal(bytes, purpose));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Opens base64 text made by <see cref="SealString"/>; malformed base64 also fails to open.</summary>
    public string OpenString(string sealedBase64, string purpose)
    {
        ArgumentNullException.ThrowIfNull(sealedBase64);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        byte[] sealedBlob;
        try
        {
            sealedBlob = Convert.FromBase64String(sealedBase64);
        }
        catch (FormatException e)
        {
            throw Failure(purpose, "it is not valid base64", e);
        }

        var bytes = Open(sealedBlob, purpose);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw Failure(purpose, "its plaintext is not UTF-8 text", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _aes.Dispose();
                _disposed = true;
            }
        }
    }

    private static ReadOnlySpan<byte> KeyOf(IKeyEncryptionKeySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Key;
    }

    /// <summary>The version byte followed by the UTF-8 purpose.</summary>
    private static byte[] AssociatedData(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var data = new byte[1 + StrictUtf8.GetByteCount(purpose)];
        data[0] = FormatVersion;
        StrictUtf8.GetBytes(purpose, data.AsSpan(1));
        return data;
    }

    private static SecretOpenException Failure(string purpose, string reason, Exception? inner = null)
    {
        var message = $"The sealed secret for purpose '{purpose}' could not be opened: {reason}.";
        return inner is null ? new SecretOpenException(message) : new SecretOpenException(message, inner);
    }
}
