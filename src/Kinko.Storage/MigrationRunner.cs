using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Kinko.Storage;

/// <summary>
/// Applies the numbered, forward-only SQL migrations embedded under <c>Migrations/&lt;dialect&gt;/NNNN_name.sql</c>,
/// each in its own transaction, and records them in <c>schema_migrations</c>.
/// </summary>
public static class MigrationRunner
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Load(string dialect)
    {
        var prefix = $"migrations/{dialect}/";
        var assembly = typeof(MigrationRunner).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Applies what is missing; returns the versions applied now.</summary>
    public static IReadOnlyList<int> Apply(DbConnection connection, string dialect, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        Sql.Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = AppliedVersions(connection);
        var done = new List<int>();
        foreach (var migration in Load(dialect).Where(m => !applied.Contains(m.Version)))
        {
            using var transaction = connection.BeginTransaction();
            Sql.Execute(connection, transaction, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)";
            Sql.AddParameter(record, "@v", (long)migration.Version);
            Sql.AddParameter(record, "@n", migration.Name);
            Sql.AddParameter(record, "@t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            record.ExecuteNonQuery();
            transaction.Commit();
            done.Add(migration.Version);
        }

        return done;
    }

    public static HashSet<int> AppliedVersions(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        using var reader = command.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read())
        {
            versions.Add(checked((int)reader.GetInt64(0)));
        }

        return versions;
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"migration '{resource}' is not named NNNN_name.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}
