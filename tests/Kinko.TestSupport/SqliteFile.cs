using Microsoft.Data.Sqlite;

namespace Kinko.TestSupport;

/// <summary>Raw SQL on a SQLite file from outside the store (to break it on purpose, with triggers).</summary>
public static class SqliteFile
{
    /// <summary>Runs <paramref name="sql"/> on its own unpooled connection.</summary>
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
