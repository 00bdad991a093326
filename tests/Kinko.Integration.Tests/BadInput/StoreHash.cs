using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Kinko.Integration.Tests.BadInput;

/// <summary>
/// A hash of everything a running server has stored in its SQLite file, read on a separate
/// read-only connection: every row of every table, except the API keys' last nonce, which a
/// correctly signed request moves by design.
/// </summary>
public static class StoreHash
{
    public static string Of(string dataFolder)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "kinko.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in Tables(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {string.Join(", ", Enumerable.Range(1, ColumnCount(connection, table)))}";
            using var reader = command.ExecuteReader();
            hash.AppendData(Encoding.UTF8.GetBytes($"table {table}\n"));
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!(table == "api_keys" && reader.GetName(i) == "last_nonce"))
                    {
                        var value = reader.GetValue(i);
                        hash.AppendData(value is byte[] bytes ? bytes : Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null"));
                        hash.AppendData("|"u8);
                    }
                }

                hash.AppendData("\n"u8);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static int ColumnCount(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}')";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
