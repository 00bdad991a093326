using System.Security.Cryptography;

namespace Kinko.Secrets;

/// <summary>
/// A pinned buffer of key bytes (pinned so that the GC never leaves a stray copy behind) that is zeroed
/// on disposal.
/// </summary>
internal sealed class KeyMaterial : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    public KeyMaterial(int length)
    {
        _bytes = GC.AllocateArray<byte>(length, pinned: true);
    }

    public int Length => _bytes.Length;

    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    public static KeyMaterial Random(int length)
    {
        var material = new KeyMaterial(length);
        RandomNumberGenerator.Fill(material._bytes);
        return material;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_bytes);
            _disposed = true;
        }
    }
}
