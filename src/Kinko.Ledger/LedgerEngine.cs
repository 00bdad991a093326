using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>
/// The ledger's single writer. Keeps every account's balance and the open pending transfers in
/// memory, validates whole batches of linked transfer groups against them, and commits each batch
/// to the store in one transaction. Thread-safe: validation is serialised; while one caller's batch
/// is written, the next caller's batch is validated (<see cref="CommitPipeline"/>), and batches
/// reach the store in the order they were validated.
/// </summary>
public sealed class LedgerEngine : IDisposable
{
    /// <summary>Most transfers accepted in one <see cref="Execute"/> call (one commit).</summary>
    public const int MaxTransfersPerBatch = 16_384;

    private readonly Lock _gate = new();
    private readonly ILedgerStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<AccountId, AccountState> _accounts = [];
    private readonly Dictionary<(string Asset, AccountKind Kind, long Owner), AccountState> _accountsByOwner = [];
    private readonly Dictionary<string, Transfer> _openPendings = new(StringComparer.Ordinal);
    private readonly TransferRules _rules;
    private readonly KnownKeys _known;
    private readonly CommitPipeline _pipeline = new();
    private readonly BatchScratch _scratch = new();
    private readonly Lazy<WriterThread> _writer = new(() => new WriterThread("kinko-ledger-writer"));
    private long _lastPosition;

    public LedgerEngine(ILedgerStore store, AssetRegistry assets, TimeProvider time)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        var state = store.LoadState();
        foreach (var account in state.Accounts)
        {
            var balance = state.Balances.GetValueOrDefault(account.Id);
            AddAccountState(new AccountState(account, balance));
        }

        foreach (var pending in state.OpenPendings)
        {
            _openPendings.Add(pending.Key, pending);
        }

        _lastPosition = state.LastPosition.Value;
        _known = new KnownKeys(store, state.LastPosition.Value); // positions run 1..N without gaps
        _rules = new TransferRules(assets, _accounts, _openPendings);
        Invariant.Assert(TrialBalanceIsZero(), "the stored ledger does not balance");
    }

    public ILedgerStore Store => _store;

    public LedgerPosition LastPosition
    {
        get
        {
            lock (_gate)
            {
                return new LedgerPosition(_lastPosition);
            }
        }
    }

    /// <summary>Opens an account, or returns the existing one with the same (asset, kind, owner).</summary>
    public Account OpenAccount(NewAccount request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var asset = _rules.Assets.Get(request.Asset);
            if (_accountsByOwner.TryGetValue((asset.Code, request.Kind, request.OwnerId), out var existing))
            {
                return existing.Account;
            }

            var account = _store.InsertAccount(request with { Asset = asset.Code });
            AddAccountState(new AccountState(account, AccountBalance.Empty));
            return account;
        }
    }

    /// <summary>The account with this (asset, kind, owner), if it was ever opened.</summary>
    public Account? FindAccount(string asset, AccountKind kind, long ownerId)
    {
        lock (_gate)
        {
            return _accountsByOwner.TryGetValue((asset, kind, ownerId), out var state) ? state.Account : null;
        }
    }

    public Account? FindAccount(AccountId id)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(id, out var state) ? state.Account : null;
        }
    }

    public IReadOnlyList<Account> Accounts()
    {
        lock (_gate)
        {
            return _accounts.Values.Select(a => a.Account).OrderBy(a => a.Id.Value).ToList();
        }
    }

    public AccountBalance Balance(AccountId id)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(id, out var state)
                ? state.Balance
                : throw new KinkoException(ErrorCode.UnknownAccount, $"account {id} does not exist", "account");
        }
    }

    /// <summary>Stores a journal snapshot, serialised with the engine's other writes (the store has one writer connection).</summary>
    public void SaveSnapshot(JournalSnapshot snapshot)
    {
        using (EnterDrained())
        {
            _store.SaveSnapshot(snapshot);
        }
    }

    /// <summary>Pending transfers not yet posted or voided, in position order.</summary>
    public IReadOnlyList<Transfer> OpenPendings()
    {
        lock (_gate)
        {
            return _openPendings.Values.OrderBy(t => t.Position.Value).ToList();
        }
    }

    /// <summary>Per asset: the sum of posted balances and of pending nets over all accounts. Both must be zero.</summary>
    public IReadOnlyList<TrialBalanceLine> TrialBalance()
    {
        lock (_gate)
        {
            return TrialBalance(_accounts.Values.Select(a => (a.Account, a.Balance)));
        }
    }

    public static IReadOnlyList<TrialBalanceLine> TrialBalance(IEnumerable<(Account Account, AccountBalance Balance)> balances) =>
        balances
            .GroupBy(b => b.Account.Asset, StringComparer.Ordinal)
            .Select(g => new TrialBalanceLine(
                g.Key,
                g.Count(),
                g.Aggregate(Int128.Zero, (sum, b) => sum + b.Balance.Posted),
                g.Aggregate(Int128.Zero, (sum, b) => sum + b.Balance.PendingNet)))
            .OrderBy(l => l.Asset, StringComparer.Ordinal)
            .ToList();

    /// <summary>Executes one transfer on its own (still one commit).</summary>
    public TransferResult Execute(TransferRequest request) => Execute([[request]])[0][0];

    /// <summary>
    /// Executes linked groups: each group commits wholly or not at all; the whole call is one
    /// durable transaction. Results are in the same shape as the input.
    /// </summary>
    public TransferResult[][] Execute(IReadOnlyList<IReadOnlyList<TransferRequest>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var total = groups.Sum(g => g.Count);
        if (total > MaxTransfersPerBatch)
        {
            throw new ArgumentException($"at most {MaxTransfersPerBatch} transfers per batch, got {total}", nameof(groups));
        }

        InFlightBatch? inFlight;
        var results = new TransferResult[groups.Count][];
        lock (_gate)
        {
            var known = _known.Find(groups, _openPendings, out var answeredFromInFlight);
            var context = StartBatch(known);
            try
            {
                for (var g = 0; g < groups.Count; g++)
                {
                    results[g] = _rules.ExecuteGroup(groups[g], context);
                }

                // An answer that leans on a batch still being written ("already exists", "key
                // reused") may only be given once that batch is durable: queue behind it, even empty.
                inFlight = context.Created.Count == 0 && !answeredFromInFlight ? null : EnlistAlways(context);
            }
            catch
            {
                context.Undo.RollBack(0, _openPendings);
                throw;
            }
        }

        WriteInTurn(inFlight);
        return results;
    }

    public void Dispose()
    {
        if (_writer.IsValueCreated)
        {
            _writer.Value.Dispose();
        }

        _store.Dispose();
    }

    /// <summary>The thread that writes queued commits (<see cref="LedgerBatch.CommitAsync"/>) in order.</summary>
    internal WriterThread Writer => _writer.Value;

    /// <summary>
    /// Opens a batch for a sequencer that must see each group's result before it decides the next
    /// (an order is accepted only if its hold is): groups are validated and applied in memory one at
    /// a time, then <see cref="LedgerBatch.Commit"/> writes them with the journal records in one
    /// transaction. The engine is locked until the batch is committed or disposed; disposing an
    /// uncommitted batch takes every change back. <paramref name="after"/> names the caller's
    /// previous commit when this batch builds on it: if that one is taken back first, this one is
    /// refused at commit.
    /// </summary>
    public LedgerBatch BeginBatch(LedgerCommit? after = null)
    {
        _gate.Enter();
        try
        {
            return new LedgerBatch(this, after);
        }
        catch
        {
            _gate.Exit();
            throw;
        }
    }

    internal BatchContext StartBatch(Dictionary<string, Transfer> committed) =>
        new(_scratch.Reset(), committed, _time.GetUtcNow(), _lastPosition);

    internal TransferResult[] ExecuteGroup(IReadOnlyList<TransferRequest> group, BatchContext batch) => _rules.ExecuteGroup(group, batch);

    /// <summary>Adds to the batch's known transfers those of the group's keys already used.</summary>
    internal void LookUpCommitted(IReadOnlyList<TransferRequest> group, BatchContext batch)
    {
        if (!_known.AnyMightBeUsed(group, _openPendings))
        {
            return; // the common case, answered by the filters alone
        }

        foreach (var (key, transfer) in _known.Find([group], _openPendings, out _))
        {
            batch.Committed.TryAdd(key, transfer);
        }
    }

    /// <summary>
    /// Queues a validated batch for writing (call under the lock): its keys count as used and the
    /// next batch is numbered after it from now on. Returns null when there is nothing to write.
    /// </summary>
    internal InFlightBatch? Enlist(BatchContext batch, IReadOnlyList<JournalRecord> journal, IReadOnlyList<StoreEvent> events, IReadOnlyList<ApiNonce> nonces, LedgerCommit? after)
    {
        if (after?.Batch?.Failure is { } failure)
        {
            // The batch this one was prepared after was taken back: whatever the caller built on
            // it (its own state, not the ledger's) is gone, so this batch may not be written.
            throw new LedgerCommitException("the batch this one followed could not be written", failure);
        }

        if (batch.Created.Count == 0 && journal.Count == 0 && events.Count == 0 && nonces.Count == 0)
        {
            return null;
        }

        return EnlistAlways(batch, journal, events, nonces);
    }

    private InFlightBatch EnlistAlways(BatchContext batch, IReadOnlyList<JournalRecord>? journal = null, IReadOnlyList<StoreEvent>? events = null, IReadOnlyList<ApiNonce>? nonces = null)
    {
        _known.AddInFlight(batch.Created);
        _lastPosition = batch.NextPosition;
        return _pipeline.Enlist(batch, journal ?? [], events ?? [], nonces ?? []);
    }

    /// <summary>Writes an enlisted batch in its turn (not under the lock); throws if it, or an earlier batch, could not be written.</summary>
    internal void WriteInTurn(InFlightBatch? inFlight)
    {
        if (inFlight is null)
        {
            return;
        }

        _pipeline.AppendInTurn(
            inFlight,
            () => _store.Append(inFlight.Context.Created, inFlight.Journal, inFlight.Events, inFlight.Nonces),
            error => TakeBack(inFlight, error));
        lock (_gate)
        {
            _known.Committed(inFlight.Context.Created);
            _pipeline.Completed(inFlight);
        }
    }

    internal void ReleaseLock() => _gate.Exit();

    /// <summary>Whatever failed before the commit (validation or the store), memory goes back to what the store holds.</summary>
    internal void AbandonBatch(BatchContext batch)
    {
        batch.Undo.RollBack(0, _openPendings);
        batch.Undo.Clear();
    }

    /// <summary>
    /// Takes the engine's lock once no batch is in flight (so the caller may use the store's writer
    /// connection); dispose the result to release it.
    /// </summary>
    private ExclusiveAccess EnterDrained()
    {
        while (true)
        {
            _gate.Enter();
            if (_pipeline.Count == 0)
            {
                return new ExclusiveAccess(_gate);
            }

            _gate.Exit();
            _pipeline.Drained.Wait();
        }
    }

    /// <summary>An append failed: that batch and all validated after it are taken back, newest first.</summary>
    private void TakeBack(InFlightBatch failed, Exception error)
    {
        lock (_gate)
        {
            foreach (var batch in _pipeline.TakeFrom(failed, error))
            {
                batch.Context.Undo.RollBack(0, _openPendings);
                _known.Forget(batch.Context.Created);
            }

            _lastPosition = failed.Context.NextPositionBefore;
        }
    }

    private void AddAccountState(AccountState state)
    {
        _accounts.Add(state.Account.Id, state);
        _accountsByOwner.Add((state.Account.Asset, state.Account.Kind, state.Account.OwnerId), state);
    }

    private bool TrialBalanceIsZero() =>
        TrialBalance(_accounts.Values.Select(a => (a.Account, a.Balance))).All(l => l.IsBalanced);
}

/// <summary>One asset's line of the trial balance: both sums must be zero.</summary>
public sealed record TrialBalanceLine(string Asset, int Accounts, Int128 PostedSum, Int128 PendingSum)
{
    public bool IsBalanced => PostedSum == 0 && PendingSum == 0;
}

/// <summary>The engine's lock, held while nothing is in flight; releases it when disposed.</summary>
internal sealed class ExclusiveAccess(Lock gate) : IDisposable
{
    private bool _released;

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            gate.Exit();
        }
    }
}
