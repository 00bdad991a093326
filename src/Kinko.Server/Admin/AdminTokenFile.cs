using System.Security.Cryptography;
using System.Text;

namespace Kinko.Server.Admin;

/// <summary>
/// The CLI's key to the admin API of a running server. At start the server writes a new random token
/// to <c>admin.token</c> in the data folder, mode 0600 (whoever can read the data folder already holds
/// the key file, so this gives them nothing more), and keeps only its SHA-256 in memory. The token
/// changes at every start and the file is removed when the server stops.
/// </summary>
public sealed class AdminTokenFile
{
    public const string FileName = "admin.token";

    /// <summary>Longest token the CLI reads from the file.</summary>
    public const int MaxTokenLength = 128;

    private readonly byte[] _hash;

    private AdminTokenFile(string path, byte[] hash)
    {
        FilePath = path;
        _hash = hash;
    }

    public string FilePath { get; }

    /// <summary>Writes a fresh token file (replacing an older one) and returns what checks it.</summary>
    public static AdminTokenFile Create(string dataFolder)
    {
        var path = Path.GetFullPath(Path.Combine(dataFolder, FileName));
        var token = Accounts.Sessions.NewToken();
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(token));
        }

        File.Move(temporary, path, overwrite: true);
        return new AdminTokenFile(path, Hash(token));
    }

    /// <summary>The token in a data folder's file, or null when there is none.</summary>
    public static string? Read(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var token = File.ReadAllText(path).Trim();
        return token.Length is > 0 and <= MaxTokenLength ? token : null;
    }

    public bool Matches(string? token) =>
        token is { Length: > 0 and <= MaxTokenLength } && CryptographicOperations.FixedTimeEquals(Hash(token), _hash);

    public void Delete() => File.Delete(FilePath);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
