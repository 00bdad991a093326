using Kinko.Primitives;

namespace Kinko.Ledger;

/// <summary>Validates transfers against the live balances and applies them, one linked group at a time.</summary>
internal sealed class TransferRules(
    AssetRegistry assets,
    Dictionary<AccountId, AccountState> accounts,
    Dictionary<string, Transfer> openPendings)
{
    public AssetRegistry Assets { get; } = assets;

    public TransferResult[] ExecuteGroup(IReadOnlyList<TransferRequest> group, BatchContext batch)
    {
        var results = new TransferResult[group.Count];
        if (group.Count == 0)
        {
            return results;
        }

        if (AnswerFromHistory(group, batch, results))
        {
            return results;
        }

        var undoMark = batch.Undo.Mark;
        var createdMark = batch.Created.Count;
        for (var i = 0; i < group.Count; i++)
        {
            var outcome = Apply(group[i], batch);
            if (outcome.Error is not null)
            {
                batch.Undo.RollBack(undoMark, openPendings);
                batch.TruncateTo(createdMark);
                FailGroup(results, i, outcome.Error);
                return results;
            }

            batch.Add(outcome.Transfer!);
            results[i] = TransferResult.Created(outcome.Transfer!);
        }

        return results;
    }

    /// <summary>
    /// Idempotency: when any key of the group is known, the group is either an exact retry
    /// (every result is the first one) or refused whole.
    /// </summary>
    private static bool AnswerFromHistory(IReadOnlyList<TransferRequest> group, BatchContext batch, TransferResult[] results)
    {
        var known = 0;
        var firstMismatch = -1;
        // Groups are mostly a few transfers: a scan for repeated keys beats building a set.
        HashSet<string>? keys = group.Count > 16 ? new(StringComparer.Ordinal) : null;
        for (var i = 0; i < group.Count; i++)
        {
            var request = group[i];
            if (request.Key is null || (keys is null ? AppearsBefore(group, i) : !keys.Add(request.Key)))
            {
                if (request.Key is not null)
                {
                    FailGroup(results, i, new KinkoError(ErrorCode.KeyReused, $"key '{request.Key}' appears twice in one linked group", "key"));
                    return true;
                }

                continue;
            }

            var existing = batch.FindKnown(request.Key);
            if (existing is null)
            {
                continue;
            }

            known++;
            if (existing.Matches(request, batch.FindKnown(existing.PendingKey)?.Amount))
            {
                results[i] = TransferResult.Exists(existing);
            }
            else if (firstMismatch < 0)
            {
                firstMismatch = i;
            }
        }

        if (known == 0)
        {
            return false;
        }

        if (known == group.Count && firstMismatch < 0)
        {
            return true;
        }

        var culprit = firstMismatch >= 0 ? firstMismatch : FirstUnknown(group, batch);
        var reason = firstMismatch >= 0
            ? $"key '{group[culprit].Key}' was already used for a different transfer"
            : $"key '{group[culprit].Key}' is new but other keys of its linked group were already used";
        FailGroup(results, culprit, new KinkoError(ErrorCode.KeyReused, reason, "key"));
        return true;
    }

    /// <summary>Whether the request's key is also an earlier request's.</summary>
    private static bool AppearsBefore(IReadOnlyList<TransferRequest> group, int index)
    {
        var key = group[index].Key;
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(group[i].Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int FirstUnknown(IReadOnlyList<TransferRequest> group, BatchContext batch)
    {
        for (var i = 0; i < group.Count; i++)
        {
            if (batch.FindKnown(group[i].Key) is null)
            {
                return i;
            }
        }

        return 0;
    }

    private static void FailGroup(TransferResult[] results, int culprit, KinkoError error)
    {
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = i == culprit
                ? TransferResult.Refused(error)
                : TransferResult.Refused(new KinkoError(ErrorCode.LinkedTransferFailed, $"linked transfer #{culprit} was refused: {error.Message}"));
        }
    }

    private Outcome Apply(TransferRequest request, BatchContext batch)
    {
        var error = CheckCommonFields(request);
        if (error is not null)
        {
            return error.Value;
        }

        return request.Kind switch
        {
            TransferKind.Posted or TransferKind.Pending => ApplySinglePhase(request, batch),
            TransferKind.PostPending or TransferKind.VoidPending => ApplySecondPhase(request, batch),
            _ => Refuse(ErrorCode.InvalidField, $"unknown transfer kind {(int)request.Kind}", "kind"),
        };
    }

    private static Outcome? CheckCommonFields(TransferRequest request)
    {
        if (string.IsNullOrEmpty(request.Key) || request.Key.Length > TransferRequest.MaxKeyLength || !TextRules.IsPrintable(request.Key))
        {
            return Refuse(ErrorCode.InvalidKey, $"must be 1..{TransferRequest.MaxKeyLength} printable characters", "key");
        }

        if (request.Reference is { Length: > TransferRequest.MaxReferenceLength })
        {
            return Refuse(ErrorCode.InvalidField, $"is longer than {TransferRequest.MaxReferenceLength} characters", "reference");
        }

        if (request.Reference is not null && !TextRules.IsPrintable(request.Reference))
        {
            return Refuse(ErrorCode.InvalidField, "must be printable text (no control characters, no broken surrogate pairs)", "reference");
        }

        return null;
    }

    private Outcome ApplySinglePhase(TransferRequest request, BatchContext batch)
    {
        if (!Assets.TryGet(request.Asset, out var asset))
        {
            return Refuse(ErrorCode.UnknownAsset, $"unknown asset '{request.Asset}'", "asset");
        }

        if (request.Amount <= 0)
        {
            return Refuse(ErrorCode.InvalidAmount, "must be greater than zero", "amount");
        }

        if (request.Debit == request.Credit)
        {
            return Refuse(ErrorCode.SameAccount, "debit and credit are the same account", "credit");
        }

        if (!accounts.TryGetValue(request.Debit, out var debit))
        {
            return Refuse(ErrorCode.UnknownAccount, $"account {request.Debit} does not exist", "debit");
        }

        if (!accounts.TryGetValue(request.Credit, out var credit))
        {
            return Refuse(ErrorCode.UnknownAccount, $"account {request.Credit} does not exist", "credit");
        }

        if (debit.Account.Asset != asset.Code || credit.Account.Asset != asset.Code)
        {
            var field = debit.Account.Asset != asset.Code ? "debit" : "credit";
            var other = field == "debit" ? debit.Account.Asset : credit.Account.Asset;
            return Refuse(ErrorCode.AssetMismatch, $"account is in {other}, the transfer in {asset.Code}", field);
        }

        var pending = request.Kind == TransferKind.Pending;
        var newDebit = BalanceMath.AddDebit(debit.Balance, request.Amount, pending);
        var newCredit = BalanceMath.AddCredit(credit.Balance, request.Amount, pending);
        if (newDebit is null || newCredit is null)
        {
            return Refuse(ErrorCode.Overflow, "the balance would overflow", "amount");
        }

        var limitError = BalanceMath.CheckLimits(debit.Account, newDebit.Value, "debit")
            ?? BalanceMath.CheckLimits(credit.Account, newCredit.Value, "credit");
        if (limitError is not null)
        {
            return new Outcome(null, limitError);
        }

        var transfer = Commit(request, batch, debit, credit, asset.Code, request.Amount, null, newDebit.Value, newCredit.Value);
        if (pending)
        {
            openPendings.Add(transfer.Key, transfer);
            batch.Undo.PendingOpened(transfer);
        }

        return new Outcome(transfer, null);
    }

    private Outcome ApplySecondPhase(TransferRequest request, BatchContext batch)
    {
        if (string.IsNullOrEmpty(request.PendingKey))
        {
            return Refuse(ErrorCode.UnknownPending, "is required to post or void", "pending_key");
        }

        if (!openPendings.TryGetValue(request.PendingKey, out var pending))
        {
            return batch.ClosedPendings.ContainsKey(request.PendingKey) || batch.FindKnown(request.PendingKey) is { Kind: TransferKind.Pending }
                ? Refuse(ErrorCode.PendingAlreadyClosed, $"pending transfer '{request.PendingKey}' was already posted or voided", "pending_key")
                : Refuse(ErrorCode.UnknownPending, $"no pending transfer '{request.PendingKey}'", "pending_key");
        }

        var mismatch = CheckMatchesPending(request, pending);
        if (mismatch is not null)
        {
            return mismatch.Value;
        }

        long posted = 0;
        if (request.Kind == TransferKind.PostPending)
        {
            if (request.Amount < 0 || request.Amount > pending.Amount)
            {
                return Refuse(ErrorCode.ExceedsPendingAmount, $"must be 0 (all) or 1..{pending.Amount}", "amount");
            }

            posted = request.Amount == 0 ? pending.Amount : request.Amount;
        }
        else if (request.Amount != 0)
        {
            return Refuse(ErrorCode.InvalidAmount, "a void releases the whole pending amount: leave amount 0", "amount");
        }

        var debit = accounts[pending.Debit];
        var credit = accounts[pending.Credit];
        var newDebit = BalanceMath.ResolveDebit(debit.Balance, pending.Amount, posted);
        var newCredit = BalanceMath.ResolveCredit(credit.Balance, pending.Amount, posted);
        if (newDebit is null || newCredit is null)
        {
            return Refuse(ErrorCode.Overflow, "the balance would overflow", "amount");
        }

        var transfer = Commit(request, batch, debit, credit, pending.Asset, posted, pending.Key, newDebit.Value, newCredit.Value);
        openPendings.Remove(pending.Key);
        batch.Undo.PendingClosed(pending);
        batch.ClosedPendings[pending.Key] = pending;
        return new Outcome(transfer, null);
    }

    private static Outcome? CheckMatchesPending(TransferRequest request, Transfer pending)
    {
        if (request.Debit != default && request.Debit != pending.Debit)
        {
            return Refuse(ErrorCode.InvalidField, "differs from the pending transfer's debit account", "debit");
        }

        if (request.Credit != default && request.Credit != pending.Credit)
        {
            return Refuse(ErrorCode.InvalidField, "differs from the pending transfer's credit account", "credit");
        }

        if (!string.IsNullOrEmpty(request.Asset) && !string.Equals(request.Asset, pending.Asset, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(ErrorCode.AssetMismatch, $"the pending transfer is in {pending.Asset}", "asset");
        }

        return null;
    }

    private Transfer Commit(
        TransferRequest request,
        BatchContext batch,
        AccountState debit,
        AccountState credit,
        string asset,
        long amount,
        string? pendingKey,
        AccountBalance newDebit,
        AccountBalance newCredit)
    {
        batch.Undo.BalanceChanged(debit, debit.Balance);
        batch.Undo.BalanceChanged(credit, credit.Balance);
        debit.Balance = newDebit;
        credit.Balance = newCredit;
        return new Transfer(
            new LedgerPosition(batch.NextPosition + 1),
            request.Key,
            request.Kind,
            debit.Account.Id,
            credit.Account.Id,
            asset,
            amount,
            pendingKey,
            request.Reference,
            batch.Timestamp,
            newDebit,
            newCredit);
    }

    private static Outcome Refuse(ErrorCode code, string message, string field) => new(null, new KinkoError(code, message, field));

    private readonly record struct Outcome(Transfer? Transfer, KinkoError? Error);
}
