namespace Kinko.Secrets;

/// <summary>
/// A random 32-byte key-encryption key kept in a file in the data folder (default <c>kek.key</c>).
/// If the file is missing it is created with mode 0600 and a warning is reported, since losing the file
/// loses every secret sealed under it. An existing file is refused if group or others have any access
/// to it or if it is not exactly 32 bytes.
/// </summary>
public sealed class KeyFileKek : IKeyEncryptionKeySource
{
    public const string DefaultFileName = "kek.key";

    private readonly KeyMaterial _key;

    private KeyFileKek(string filePath, KeyMaterial key, bool created)
    {
        FilePath = filePath;
        _key = key;
        Created = created;
    }

    public string FilePath { get; }

    /// <summary>True if this call created the key file.</summary>
    public bool Created { get; }

    public ReadOnlySpan<byte> Key => _key.Span;

    /// <summary>
    /// Loads the key file in <paramref name="dataFolder"/>, creating it (and the folder) if missing.
    /// </summary>
    /// <param name="warn">Receives the start-up warning when a new key file is created.</param>
    /// <exception cref="KeyEncryptionKeyException">The existing file has unsafe permissions or a wrong length.</exception>
    public static KeyFileKek OpenOrCreate(string dataFolder, Action<string> warn, string fileName = DefaultFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        ArgumentNullException.ThrowIfNull(warn);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var path = Path.GetFullPath(Path.Combine(dataFolder, fileName));
        PrivateFile.EnsureFolder(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            var fresh = KeyMaterial.Random(SecretBox.KeySize);
            bool created;
            try
            {
                created = PrivateFile.TryCreate(path, fresh.Span);
            }
            catch
            {
                fresh.Dispose();
                throw;
            }

            if (created)
            {
                warn($"Created a new key-encryption key file '{path}' (mode 0600). Back it up: " +
                     "every secret sealed under it is unreadable without it.");
                return new KeyFileKek(path, fresh, created: true);
            }

            fresh.Dispose();
        }

        return new KeyFileKek(path, Load(path), created: false);
    }

    public void Dispose() => _key.Dispose();

    private static KeyMaterial Load(string path)
    {
        using var stream = PrivateFile.OpenChecked(path, "key-encryption key file", SecretBox.KeySize, SecretBox.KeySize);
        var key = new KeyMaterial(SecretBox.KeySize);
        try
        {
            stream.ReadExactly(key.Span);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
