using System.Globalization;

namespace Kinko.Trading.Desk;

/// <summary>
/// Idempotency keys of the ledger transfers that open and release order holds, made from the
/// command's sequence: <c>h{sequence}.{n}</c> for a new hold, <c>r{sequence}.{n}</c> for posting or
/// voiding one, n counting within the command. Keys then grow with the journal, so the ledger's key
/// index is appended to at its end instead of written all over (an order's next hold used to sort
/// beside its first, which may be old). Replay makes the same keys from the same sequence.
/// </summary>
internal sealed class HoldKeys
{
    /// <summary>What every new hold's key starts with.</summary>
    public const string HoldPrefix = "h";

    private long _sequence;
    private int _next;

    /// <summary>Starts the keys of the command with this sequence.</summary>
    public void Begin(long sequence)
    {
        _sequence = sequence;
        _next = 0;
    }

    public string NewHold() => Make(HoldPrefix);

    public string Release() => Make("r");

    private string Make(string kind) => string.Create(CultureInfo.InvariantCulture, $"{kind}{_sequence}.{_next++}");
}
