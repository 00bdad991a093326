using Kinko.Ledger;
using Kinko.Primitives;

namespace Kinko.Trading.Desk;

/// <summary>Where the sequencer's ledger groups go: a live batch, or nowhere during replay (they are already durable).</summary>
internal interface IHoldLedger
{
    /// <summary>Applies one linked group; false (with the reason) when the ledger refuses it.</summary>
    bool TryExecute(IReadOnlyList<TransferRequest> group, out KinkoError? error);
}

/// <summary>Applies groups to an open ledger batch.</summary>
internal sealed class LiveHoldLedger(LedgerBatch batch) : IHoldLedger
{
    public bool TryExecute(IReadOnlyList<TransferRequest> group, out KinkoError? error)
    {
        var results = batch.Execute(group);
        var refused = results.FirstOrDefault(r => r.Status == TransferStatus.Refused && r.Error?.Code != ErrorCode.LinkedTransferFailed)
            ?? results.FirstOrDefault(r => r.Status == TransferStatus.Refused);
        error = refused?.Error;
        return refused is null;
    }
}

/// <summary>Replay: the journal's groups were committed with it, so nothing is applied again.</summary>
internal sealed class ReplayHoldLedger : IHoldLedger
{
    public static ReplayHoldLedger Instance { get; } = new();

    public bool TryExecute(IReadOnlyList<TransferRequest> group, out KinkoError? error)
    {
        error = null;
        return true;
    }
}
