using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Kinko.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for tests: its own data folder under the temp folder, its own
/// free loopback port, trust authentication, stopped (immediate mode) and deleted on dispose.
/// Not durable by default (fsync, synchronous_commit and full_page_writes off): durability tests
/// and benchmarks pass <c>durable: true</c>.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable, IDisposable
{
    public const string Superuser = "postgres";
    private const int MaxStartAttempts = 3;
    private const int PgCtlWaitSeconds = 60;
    private const int MaxConnections = 500;
    private const int LogTailLineCount = 40;
    private static readonly TimeSpan InitdbTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(PgCtlWaitSeconds + 15);

    private readonly HashSet<string> _handedOutConnectionStrings = [];
    private readonly Dictionary<string, string> _settings;
    private int _disposed;

    private PostgresServer(string binDirectory, string rootDirectory, bool durable, IReadOnlyDictionary<string, string> settings)
    {
        BinDirectory = binDirectory;
        RootDirectory = rootDirectory;
        Durable = durable;
        _settings = new Dictionary<string, string>(settings);
    }

    /// <summary>True when started with fsync and synchronous_commit on (the PostgreSQL defaults).</summary>
    public bool Durable { get; }

    public int Port { get; private set; }

    /// <summary>The folder holding the data folder, the log and the Unix socket.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogPath => Path.Combine(RootDirectory, "server.log");

    public string BinDirectory { get; }

    /// <summary>How long the last start took (initdb included for the first).</summary>
    public TimeSpan StartDuration { get; private set; }

    /// <summary>Connection string for the <c>postgres</c> database as the superuser.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Starts a fresh server; <paramref name="settings"/> adds <c>-c name=value</c> server settings.</summary>
    public static PostgresServer Start(bool durable = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        settings ??= new Dictionary<string, string>();
        foreach (var (name, value) in settings)
        {
            if (!SettingToken().IsMatch(name) || !SettingToken().IsMatch(value))
            {
                throw new ArgumentException($"setting '{name}={value}' may not be empty nor contain spaces or quotes", nameof(settings));
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var server = new PostgresServer(PostgresBinaries.FindBinDirectory(), MakeRootDirectory(), durable, settings);
        try
        {
            server.InitializeDataDirectory();
            server.StartServer();
            server.StartCleanupWatchdog();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        server.StartDuration = stopwatch.Elapsed;
        return server;
    }

    public string ConnectionStringFor(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
            IncludeErrorDetail = true,
        };
        var connectionString = builder.ConnectionString;
        lock (_handedOutConnectionStrings)
        {
            _handedOutConnectionStrings.Add(connectionString);
        }

        return connectionString;
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public string CreateDatabase(string name)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(CreateDatabaseSql(name), connection);
        command.ExecuteNonQuery();
        return ConnectionStringFor(name);
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(CreateDatabaseSql(name), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(name);
    }

    /// <summary>Creates an empty database with a unique name (prefix + random suffix).</summary>
    public string CreateUniqueDatabase(string prefix = "test") =>
        CreateDatabase($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)]);

    /// <summary>
    /// Kills the server (<c>pg_ctl -m immediate stop</c>: no checkpoint, backends killed) and starts
    /// it again on the same data folder, which runs crash recovery. This is a server crash, not a
    /// power cut: what reached the OS survives even with fsync off; without
    /// <see cref="Durable"/>, commits of the last moments may be lost (synchronous_commit=off).
    /// The port may change if it was taken meanwhile; pooled connections are cleared.
    /// </summary>
    public void CrashAndRestart()
    {
        ClearConnectionPools();
        StopImmediately();
        var stopwatch = Stopwatch.StartNew();
        StartServer(preferredPort: Port);
        StartDuration = stopwatch.Elapsed;
    }

    /// <summary>The last lines of the server log (empty if there is none yet).</summary>
    public string ReadLogTail(int lineCount = LogTailLineCount)
    {
        if (!File.Exists(LogPath))
        {
            return "";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        return string.Join('\n', lines.TakeLast(lineCount)).TrimEnd();
    }

    public override string ToString() => $"PostgreSQL on 127.0.0.1:{Port} in {RootDirectory}";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ClearConnectionPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            StopImmediately();
        }

        DeleteRootDirectory();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static string MakeRootDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the test PostgreSQL server runs on Linux only");
        }

        // Short name: the Unix socket path (root/.s.PGSQL.port) must stay under 107 bytes.
        var root = Path.Combine(Path.GetTempPath(), $"kinko-pg-{Guid.NewGuid():N}"[..21]);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (ProcessRunner.IsRoot)
        {
            var chown = ProcessRunner.Run(root, TimeSpan.FromSeconds(30), "chown",
                $"{ProcessRunner.PostgresUser}:{ProcessRunner.PostgresUser}", root);
            if (chown.ExitCode != 0)
            {
                Directory.Delete(root, recursive: true);
                throw new InvalidOperationException($"chown of {root} to postgres failed: {chown.Describe()}");
            }
        }

        return root;
    }

    private static string CreateDatabaseSql(string name) =>
        DatabaseName().IsMatch(name)
            ? $"CREATE DATABASE \"{name}\""
            : throw new ArgumentException(
                $"database name '{name}' must be lower-case letters, digits and '_', at most 63 characters",
                nameof(name));

    private string Tool(string name) => Path.Combine(BinDirectory, name);

    private void InitializeDataDirectory()
    {
        List<string> arguments =
            ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale"];
        if (!Durable)
        {
            arguments.Add("--no-sync");
        }

        var result = ProcessRunner.RunAsPostgres(RootDirectory, InitdbTimeout, Tool("initdb"), [.. arguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed in {DataDirectory}: {result.Describe()}");
        }
    }

    private void StartServer(int? preferredPort = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = attempt == 1 && preferredPort is { } port ? port : LoopbackPorts.FindFree();
            File.Delete(LogPath);
            var result = ProcessRunner.RunAsPostgres(RootDirectory, PgCtlTimeout, Tool("pg_ctl"),
                "-D", DataDirectory, "-l", LogPath, "-w", "-t", PgCtlWaitSeconds.ToString(CultureInfo()),
                "-o", ServerOptions(), "start");
            if (result.ExitCode == 0)
            {
                return;
            }

            var logTail = ReadLogTail();
            StopImmediately();
            var portClash = logTail.Contains("could not bind", StringComparison.Ordinal)
                || logTail.Contains("already in use", StringComparison.Ordinal);
            if (!portClash || attempt >= MaxStartAttempts)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL did not start on port {Port} (attempt {attempt} of {MaxStartAttempts}): "
                    + $"{result.Describe()}\nserver log ({LogPath}), last lines:\n{logTail}");
            }
        }
    }

    private string ServerOptions()
    {
        var options = $"-h 127.0.0.1 -p {Port} -k {RootDirectory} -c max_connections={MaxConnections} -c TimeZone=UTC";
        if (!Durable)
        {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        return _settings.Aggregate(options, (all, setting) => $"{all} -c {setting.Key}={setting.Value}");
    }

    private void StopImmediately()
    {
        // Failure here means no server was running; Dispose deletes the folder either way.
        ProcessRunner.RunAsPostgres(RootDirectory, PgCtlTimeout, Tool("pg_ctl"),
            "-D", DataDirectory, "-m", "immediate", "-w", "-t", PgCtlWaitSeconds.ToString(CultureInfo()), "stop");
    }

    /// <summary>
    /// If the test process dies without disposing (killed by a hang timeout, a crash), a detached
    /// shell stops the server and deletes its folder. It exits by itself once the folder is gone.
    /// </summary>
    private void StartCleanupWatchdog()
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            pid=$1 root=$2 pgctl=$3 data=$4
            while kill -0 "$pid"; do
              [ -d "$root" ] || exit 0
              sleep 1
            done
            [ -d "$root" ] || exit 0
            if [ "$(id -u)" = 0 ]; then
              runuser -u postgres -- "$pgctl" -D "$data" -m immediate -w stop
            else
              "$pgctl" -D "$data" -m immediate -w stop
            fi
            rm -rf "$root"
            """;
        ProcessRunner.StartDetached("setsid", "-f", "/bin/bash", "-c", Script, "kinko-pg-watchdog",
            Environment.ProcessId.ToString(CultureInfo()), RootDirectory, Tool("pg_ctl"), DataDirectory);
    }

    private void ClearConnectionPools()
    {
        string[] connectionStrings;
        lock (_handedOutConnectionStrings)
        {
            connectionStrings = [.. _handedOutConnectionStrings];
        }

        foreach (var connectionString in connectionStrings)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private void DeleteRootDirectory()
    {
        for (var attempt = 1; Directory.Exists(RootDirectory); attempt++)
        {
            try
            {
                Directory.Delete(RootDirectory, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                // A file vanished or appeared under us (a server process exiting); try again.
                Thread.Sleep(100 * attempt);
            }
        }
    }

    private static System.Globalization.CultureInfo CultureInfo() => System.Globalization.CultureInfo.InvariantCulture;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();

    [GeneratedRegex("""^[^\s'"\\]+$""")]
    private static partial Regex SettingToken();
}
