using System.Text;

namespace Kinko.Server.Workers;

/// <summary>The demo trader's login: its email, password and API key (the key only once it exists).</summary>
public sealed record DemoLogin(string Email, string Password, string? ApiKey, string? ApiSecret);

/// <summary>
/// <c>demo-login.txt</c> in the data folder, mode 0600: the demo trader's password and API key in plain
/// text, so that <c>./run.sh</c> can show them again (the store keeps only the password's hash and the
/// sealed secret). Written before the account is created, so a crash in between reuses the same password.
/// </summary>
public static class DemoLoginFile
{
    public const string FileName = "demo-login.txt";

    /// <summary>Longest file read back (it holds four short lines).</summary>
    public const int MaxFileBytes = 4_096;

    public static string PathIn(string dataFolder) => Path.GetFullPath(Path.Combine(dataFolder, FileName));

    /// <summary>The login in the folder's file, or null when there is none or it does not hold an email and a password.</summary>
    public static DemoLogin? Read(string dataFolder)
    {
        var path = PathIn(dataFolder);
        if (!File.Exists(path) || new FileInfo(path).Length > MaxFileBytes)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith('#') && colon > 0)
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return values.TryGetValue("email", out var email) && values.TryGetValue("password", out var password) && password.Length > 0
            ? new DemoLogin(email, password, values.GetValueOrDefault("api_key"), values.GetValueOrDefault("api_secret"))
            : null;
    }

    /// <summary>Writes (or replaces) the file with mode 0600; it appears complete or not at all.</summary>
    public static void Write(string dataFolder, DemoLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var path = PathIn(dataFolder);
        var text = new StringBuilder()
            .Append("# Kinko demo trader (kinko serve --demo). Keep this file private; the server stores only a hash of the password.\n")
            .Append("email: ").Append(login.Email).Append('\n')
            .Append("password: ").Append(login.Password).Append('\n');
        if (login.ApiKey is not null && login.ApiSecret is not null)
        {
            text.Append("api_key: ").Append(login.ApiKey).Append('\n').Append("api_secret: ").Append(login.ApiSecret).Append('\n');
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
