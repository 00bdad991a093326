using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;

namespace Kinko.Secrets;

/// <summary>
/// A key-encryption key derived with Argon2id from an operator's passphrase and a 16-byte random salt.
/// The salt, the Argon2id parameters and a check value live in a small JSON file in the data folder
/// (default <c>kek.salt</c>, mode 0600). On first use the file is created (and a warning reported); after
/// that, the stored parameters are used and a wrong passphrase is refused at once by the check value.
/// The passphrase is used as its exact UTF-8 bytes.
/// </summary>
public sealed class PassphraseKek : IKeyEncryptionKeySource
{
    public const string DefaultFileName = "kek.salt";
    public const int SaltSize = 16;

    private const string FileDescription = "passphrase salt file";
    private const int MaxFileLength = 4096;
    private const string CheckPurpose = "kinko:kek-check";
    private static readonly byte[] CheckPlaintext = "kinko key-encryption key check v1"u8.ToArray();

    private readonly KeyMaterial _key;

    private PassphraseKek(string filePath, KeyMaterial key, Argon2Settings settings, bool created)
    {
        FilePath = filePath;
        _key = key;
        Settings = settings;
        Created = created;
    }

    public string FilePath { get; }

    /// <summary>True if this call created the salt file.</summary>
    public bool Created { get; }

    /// <summary>The Argon2id parameters actually used (those stored in the file).</summary>
    public Argon2Settings Settings { get; }

    public ReadOnlySpan<byte> Key => _key.Span;

    /// <summary>
    /// Derives the key from <paramref name="passphrase"/> and the salt file in <paramref name="dataFolder"/>,
    /// creating the file (and the folder) with <paramref name="newFileSettings"/> (default
    /// <see cref="Argon2Settings.Default"/>) if it is missing. For an existing file the stored parameters win.
    /// </summary>
    /// <param name="warn">Receives the start-up warning when a new salt file is created.</param>
    /// <exception cref="WrongPassphraseException">The passphrase does not match the existing file.</exception>
    /// <exception cref="KeyEncryptionKeyException">The existing file has unsafe permissions or is malformed.</exception>
    public static PassphraseKek OpenOrCreate(
        string dataFolder,
        string passphrase,
        Action<string> warn,
        Argon2Settings? newFileSettings = null,
        string fileName = DefaultFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentNullException.ThrowIfNull(warn);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var settings = newFileSettings ?? Argon2Settings.Default;
        if (settings.Problem() is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(newFileSettings), $"Unusable Argon2id settings: {problem}.");
        }

        var path = Path.GetFullPath(Path.Combine(dataFolder, fileName));
        PrivateFile.EnsureFolder(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            var created = TryCreate(path, passphrase, settings);
            if (created is not null)
            {
                warn($"Created a new passphrase salt file '{path}' (mode 0600; Argon2id, {settings.MemoryKiB} KiB, " +
                     $"{settings.Passes} passes). Back it up: with the passphrase it is the only way to open sealed secrets.");
                return created;
            }
        }

        return Load(path, passphrase);
    }

    public void Dispose() => _key.Dispose();

    private static PassphraseKek? TryCreate(string path, string passphrase, Argon2Settings settings)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var key = Derive(passphrase, salt, settings);
        try
        {
            byte[] check;
            using (var box = new SecretBox(key.Span))
            {
                check = box.Seal(CheckPlaintext, CheckPurpose);
            }

            var file = new PassphraseKekFile(
                PassphraseKekFile.CurrentVersion,
                PassphraseKekFile.Argon2id,
                settings.MemoryKiB,
                settings.Passes,
                Parallelism: 1,
                Convert.ToBase64String(salt),
                Convert.ToBase64String(check));
            var json = JsonSerializer.SerializeToUtf8Bytes(file, PassphraseKekFileJson.Default.PassphraseKekFile);
            if (PrivateFile.TryCreate(path, json))
            {
                return new PassphraseKek(path, key, settings, created: true);
            }
        }
        catch
        {
            key.Dispose();
            throw;
        }

        key.Dispose();
        return null;
    }

    private static PassphraseKek Load(string path, string passphrase)
    {
        var (settings, salt, check) = Read(path);
        var key = Derive(passphrase, salt, settings);
        try
        {
            using var box = new SecretBox(key.Span);
            var opened = box.Open(check, CheckPurpose);
            if (!CryptographicOperations.FixedTimeEquals(opened, CheckPlaintext))
            {
                throw new KeyEncryptionKeyException($"The {FileDescription} '{path}' has an unexpected check value.");
            }
        }
        catch (SecretOpenException e)
        {
            key.Dispose();
            throw new WrongPassphraseException(
                $"The passphrase is wrong: it does not derive the key-encryption key recorded in '{path}'.", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return new PassphraseKek(path, key, settings, created: false);
    }

    private static (Argon2Settings Settings, byte[] Salt, byte[] Check) Read(string path)
    {
        byte[] json;
        using (var stream = PrivateFile.OpenChecked(path, FileDescription, 1, MaxFileLength))
        {
            json = new byte[stream.Length];
            stream.ReadExactly(json);
        }

        PassphraseKekFile file;
        byte[] salt;
        byte[] check;
        try
        {
            file = JsonSerializer.Deserialize(json, PassphraseKekFileJson.Default.PassphraseKekFile)
                   ?? throw Malformed(path, "it is JSON null");
            salt = Convert.FromBase64String(file.Salt);
            check = Convert.FromBase64String(file.Check);
        }
        catch (JsonException e)
        {
            throw Malformed(path, e.Message, e);
        }
        catch (FormatException e)
        {
            throw Malformed(path, "the salt or check value is not valid base64", e);
        }

        if (file.Version != PassphraseKekFile.CurrentVersion)
        {
            throw Malformed(path, $"its version is {file.Version}, not {PassphraseKekFile.CurrentVersion}");
        }

        if (file.Algorithm != PassphraseKekFile.Argon2id)
        {
            throw Malformed(path, $"its algorithm is '{file.Algorithm}', not '{PassphraseKekFile.Argon2id}'");
        }

        if (file.Parallelism != 1)
        {
            throw Malformed(path, $"its parallelism is {file.Parallelism}; only 1 is supported");
        }

        var settings = new Argon2Settings(file.MemoryKiB, file.Passes);
        if (settings.Problem() is { } problem)
        {
            throw Malformed(path, problem);
        }

        if (salt.Length != SaltSize)
        {
            throw Malformed(path, $"its salt is {salt.Length} bytes, not {SaltSize}");
        }

        return (settings, salt, check);
    }

    private static KeyMaterial Derive(string passphrase, ReadOnlySpan<byte> salt, Argon2Settings settings)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = settings.MemoryKiB,
            NumberOfPasses = settings.Passes,
        });
        using var password = new KeyMaterial(Encoding.UTF8.GetByteCount(passphrase));
        Encoding.UTF8.GetBytes(passphrase, password.Span);
        var key = new KeyMaterial(SecretBox.KeySize);
        try
        {
            algorithm.DeriveBytes(password.Span, salt, key.Span);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static KeyEncryptionKeyException Malformed(string path, string reason, Exception? inner = null)
    {
        var message = $"The {FileDescription} '{path}' is malformed: {reason}.";
        return inner is null ? new KeyEncryptionKeyException(message) : new KeyEncryptionKeyException(message, inner);
    }
}
