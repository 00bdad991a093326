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

    private protected override void AppendRows(IReadOnlyList<Transfer> transfers, IReadOnlyList<JournalRecord> journal, IReadOnlyList<LoggedEvent> events)
    {
        using var transaction = _write.BeginTransaction();
        if (journal.Count > 0)
        {
            using var journalCopy = _write.BeginBinaryImport("COPY journal (sequence, recorded_at_us, payload) FROM STDIN (FORMAT BINARY)");
            foreach (var record in journal)
            {
                journalCopy.StartRow();
                journalCopy.Write(record.Sequence, NpgsqlTypes.NpgsqlDbType.Bigint);
                journalCopy.Write(TransferColumns.ToMicroseconds(record.RecordedAt), NpgsqlTypes.NpgsqlDbType.Bigint);
                journalCopy.Write(record.Payload, NpgsqlTypes.NpgsqlDbType.Bytea);
            }

            journalCopy.Complete();
        }

        if (events.Count > 0)
        {
            using var eventCopy = _write.BeginBinaryImport("COPY event_log (seq, stream, id, at_us, payload) FROM STDIN (FORMAT BINARY)");
            foreach (var (seq, e) in events)
            {
                eventCopy.StartRow();
                eventCopy.Write(seq, NpgsqlTypes.NpgsqlDbType.Bigint);
                eventCopy.Write(e.Stream, NpgsqlTypes.NpgsqlDbType.Text);
                eventCopy.Write(e.Id, NpgsqlTypes.NpgsqlDbType.Bigint);
                eventCopy.Write(TransferColumns.ToMicroseconds(e.At), NpgsqlTypes.NpgsqlDbType.Bigint);
                eventCopy.Write(e.Payload, NpgsqlTypes.NpgsqlDbType.Bytea);
            }

            eventCopy.Complete();
        }

        using (var copy = _write.BeginBinaryImport($"COPY transfers ({TransferColumns.List}) FROM STDIN (FORMAT BINARY)"))
        {
            var values = new object?[TransferColumns.Names.Length];
            foreach (var transfer in transfers)
            {
                TransferColumns.Values(transfer, values);
                copy.StartRow();
                for (var i = 0; i < values.Length; i++)
                {
                    WriteValue(copy, values[i]);
                }
            }

            copy.Complete();
        }

        transaction.Commit();
    }

    private protected override void InsertAccountEntries(DbTransaction transaction, IReadOnlyList<AccountEntry> entries)
    {
        using var copy = _write.BeginBinaryImport("COPY account_entries (bucket, account_id, positions) FROM STDIN (FORMAT BINARY)");
        foreach (var entry in entries)
        {
            copy.StartRow();
            copy.Write(entry.Bucket, NpgsqlTypes.NpgsqlDbType.Bigint);
            copy.Write(entry.AccountId, NpgsqlTypes.NpgsqlDbType.Bigint);
            copy.Write(entry.Positions, NpgsqlTypes.NpgsqlDbType.Bytea);
        }

        copy.Complete();
    }

    private protected override void InsertStreamEntries(DbTransaction transaction, IReadOnlyList<StreamEntry> entries)
    {
        using var copy = _write.BeginBinaryImport("COPY stream_entries (stream, bucket, first_seq, last_seq, min_id, max_id) FROM STDIN (FORMAT BINARY)");
        foreach (var entry in entries)
        {
            copy.StartRow();
            copy.Write(entry.Stream, NpgsqlTypes.NpgsqlDbType.Text);
            foreach (var value in (ReadOnlySpan<long>)[entry.Bucket, entry.Range.FirstSeq, entry.Range.LastSeq, entry.Range.MinId, entry.Range.MaxId])
            {
                copy.Write(value, NpgsqlTypes.NpgsqlDbType.Bigint);
            }
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
