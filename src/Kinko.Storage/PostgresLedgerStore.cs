using System.Data.Common;
using Kinko.Ledger;
using Npgsql;
using NpgsqlTypes;

namespace Kinko.Storage;

/// <summary>
/// The ledger on PostgreSQL. Batches are appended with binary COPY inside one transaction. The
/// writer holds a session advisory lock, so a second writer is refused.
/// </summary>
public sealed class PostgresLedgerStore : SqlLedgerStore
{
    /// <summary>The advisory lock key held by the ledger's writer ("KINKOLDG").</summary>
    public const long WriterLockKey = 0x4B494E4B4F4C4447;

    /// <summary>Tries to take the writer lock this many times, 100 ms apart: a writer that has just
    /// stopped may still hold it while its server session ends.</summary>
    public const int WriterLockAttempts = 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _write;

    private PostgresLedgerStore(string connectionString, TimeProvider time)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            _write = _dataSource.OpenConnection();
            AcquireWriterLock();
            MigrationRunner.Apply(_write, "postgres", time);
        }
        catch
        {
            _write?.Dispose();
            _dataSource.Dispose();
            throw;
        }
    }

    public override string Kind => "postgres";

    protected override DbConnection WriteConnection => _write;

    public static PostgresLedgerStore Open(string connectionString, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgresLedgerStore(connectionString, time);
    }

    /// <summary>The settings that make commits durable, as the server reports them now.</summary>
    public IReadOnlyDictionary<string, string> DurabilitySettings() => new Dictionary<string, string>
    {
        ["fsync"] = (string)Scalar("SHOW fsync")!,
        ["synchronous_commit"] = (string)Scalar("SHOW synchronous_commit")!,
    };

    private protected override void AppendRows(IReadOnlyList<Transfer> transfers, IReadOnlyList<JournalRecord> journal, IReadOnlyList<LoggedEvent> events, IReadOnlyList<ApiNonce> nonces)
    {
        using var transaction = _write.BeginTransaction();
        Copy("journal (sequence, recorded_at_us, payload)", journal, (copy, record) =>
        {
            copy.Write(record.Sequence, NpgsqlDbType.Bigint);
            copy.Write(TransferColumns.ToMicroseconds(record.RecordedAt), NpgsqlDbType.Bigint);
            copy.Write(record.Payload, NpgsqlDbType.Bytea);
        });
        Copy("event_log (seq, stream, id, at_us, payload)", events, (copy, logged) =>
        {
            copy.Write(logged.Seq, NpgsqlDbType.Bigint);
            copy.Write(logged.Event.Stream, NpgsqlDbType.Text);
            copy.Write(logged.Event.Id, NpgsqlDbType.Bigint);
            copy.Write(TransferColumns.ToMicroseconds(logged.Event.At), NpgsqlDbType.Bigint);
            copy.Write(logged.Event.Payload, NpgsqlDbType.Bytea);
        });
        var values = new object?[TransferColumns.Names.Length];
        Copy($"transfers ({TransferColumns.List})", transfers, (copy, transfer) =>
        {
            TransferColumns.Values(transfer, values);
            foreach (var value in values)
            {
                WriteValue(copy, value);
            }
        });
        if (nonces.Count > 0)
        {
            using var raise = _write.CreateCommand();
            raise.Transaction = transaction;
            PostgresNonceSql.Execute(raise, PostgresNonceSql.RaiseApiKeys, nonces);
        }

        transaction.Commit();
    }

    private protected override void InsertAccountEntries(DbTransaction transaction, IReadOnlyList<AccountEntry> entries) =>
        Copy("account_entries (bucket, account_id, positions)", entries, (copy, entry) =>
        {
            copy.Write(entry.Bucket, NpgsqlDbType.Bigint);
            copy.Write(entry.AccountId, NpgsqlDbType.Bigint);
            copy.Write(entry.Positions, NpgsqlDbType.Bytea);
        });

    private protected override void InsertStreamEntries(DbTransaction transaction, IReadOnlyList<StreamEntry> entries) =>
        Copy("stream_entries (stream, bucket, first_seq, last_seq, min_id, max_id)", entries, (copy, entry) =>
        {
            copy.Write(entry.Stream, NpgsqlDbType.Text);
            foreach (var value in (ReadOnlySpan<long>)[entry.Bucket, entry.Range.FirstSeq, entry.Range.LastSeq, entry.Range.MinId, entry.Range.MaxId])
            {
                copy.Write(value, NpgsqlDbType.Bigint);
            }
        });

    /// <summary>Writes the rows with binary COPY into <paramref name="target"/> ("table (columns)"), inside the writer's open transaction.</summary>
    private void Copy<T>(string target, IReadOnlyList<T> rows, Action<NpgsqlBinaryImporter, T> writeRow)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var copy = _write.BeginBinaryImport($"COPY {target} FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            copy.StartRow();
            writeRow(copy, row);
        }

        copy.Complete();
    }

    protected override DbConnection OpenReadConnection() => _dataSource.OpenConnection();

    public override DbConnection OpenConnection() => _dataSource.OpenConnection();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_write.State == System.Data.ConnectionState.Open)
            {
                Scalar($"SELECT pg_advisory_unlock({WriterLockKey})");
            }

            _write.Dispose();
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void WriteValue(NpgsqlBinaryImporter copy, object? value)
    {
        switch (value)
        {
            case null:
                copy.WriteNull();
                break;
            case long l:
                copy.Write(l, NpgsqlDbType.Bigint);
                break;
            case int i:
                copy.Write(i, NpgsqlDbType.Integer);
                break;
            case string s:
                copy.Write(s, NpgsqlDbType.Text);
                break;
            default:
                throw new ArgumentException($"unexpected column value type {value.GetType()}", nameof(value));
        }
    }

    private void AcquireWriterLock()
    {
        for (var attempt = 1; !(bool)Scalar($"SELECT pg_try_advisory_lock({WriterLockKey})")!; attempt++)
        {
            if (attempt == WriterLockAttempts)
            {
                throw new InvalidOperationException("another Kinko process is writing this PostgreSQL ledger (advisory lock held)");
            }

            Thread.Sleep(100);
        }
    }

    private object? Scalar(string sql)
    {
        using var command = _write.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
