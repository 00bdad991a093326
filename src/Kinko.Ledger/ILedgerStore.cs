using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>
/// Durable storage of the ledger (SQLite or PostgreSQL). One writer process at a time: the
/// <see cref="LedgerEngine"/> that owns the store keeps balances in memory and appends whole
/// batches, one at a time; every read (including <see cref="FindTransfers"/> and
/// <see cref="ForEachKey"/>, which the engine calls while another batch may be appending) uses its
/// own connection and sees committed data only.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Kind { get; }

    /// <summary>Everything the engine needs at start: accounts, latest balances, open pending transfers.</summary>
    LedgerState LoadState();

    /// <summary>Calls <paramref name="visit"/> with every idempotency key ever committed.</summary>
    void ForEachKey(Action<string> visit);

    /// <summary>The committed transfers among <paramref name="keys"/>, by key.</summary>
    IReadOnlyDictionary<string, Transfer> FindTransfers(IReadOnlyCollection<string> keys);

    /// <summary>Creates the account, or returns the one with the same (asset, kind, owner).</summary>
    Account InsertAccount(NewAccount account);

    /// <summary>Appends transfers, already validated and numbered, in one durable transaction.</summary>
    void Append(IReadOnlyList<Transfer> transfers);

    /// <summary>
    /// Appends transfers, journal records (the commands that caused them), derived events and the API
    /// nonces those commands spent in one durable transaction.
    /// </summary>
    void Append(IReadOnlyList<Transfer> transfers, IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent> events, IReadOnlyList<ApiNonce> nonces);

    /// <summary>The last journal sequence committed (0 when the journal is empty).</summary>
    long LastJournalSequence();

    /// <summary>Journal records after <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<JournalRecord> ReadJournal(long afterSequence, int limit);

    /// <summary>The last event id of a stream (0 when it has none).</summary>
    long LastEventId(string stream);

    /// <summary>Events of a stream with <c>from &lt;= At &lt; to</c>, oldest first, read lazily.</summary>
    IEnumerable<StoreEvent> ReadEvents(string stream, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Up to <paramref name="limit"/> events of a stream with an id below <paramref name="beforeId"/>, newest first.</summary>
    IReadOnlyList<StoreEvent> ReadEventsBefore(string stream, long beforeId, int limit);

    /// <summary>Up to <paramref name="limit"/> events of a stream with an id above <paramref name="afterId"/>, oldest first.</summary>
    IReadOnlyList<StoreEvent> ReadEventsAfter(string stream, long afterId, int limit);

    /// <summary>
    /// Stores a snapshot (its own transaction; the journal it summarises is already durable). A write:
    /// call it through <see cref="LedgerEngine.SaveSnapshot"/>, which serialises it with the engine's other writes.
    /// </summary>
    void SaveSnapshot(JournalSnapshot snapshot);

    /// <summary>The newest snapshot with this name, if any.</summary>
    JournalSnapshot? LatestSnapshot(string name);

    /// <summary>The account's transfers with a position after <paramref name="after"/>, oldest first.</summary>
    IReadOnlyList<Transfer> History(AccountId account, LedgerPosition after, int limit);

    /// <summary>The account's balance just after position <paramref name="at"/> (empty before its first transfer).</summary>
    AccountBalance BalanceAt(AccountId account, LedgerPosition at);
}

/// <summary>The ledger as the engine loads it at start.</summary>
public sealed record LedgerState(
    IReadOnlyList<Account> Accounts,
    IReadOnlyDictionary<AccountId, AccountBalance> Balances,
    IReadOnlyList<Transfer> OpenPendings,
    LedgerPosition LastPosition);
