namespace Kinko.Trading.Matching;

/// <summary>
/// What one engine command produced: its fills in order, then one outcome per order it touched
/// (the command's own order first). Reused from command to command, so the hot path allocates nothing.
/// </summary>
public sealed class EngineOutput
{
    private Fill[] _fills = new Fill[64];
    private OrderOutcome[] _outcomes = new OrderOutcome[8];

    public int FillCount { get; private set; }

    public int OutcomeCount { get; private set; }

    public ReadOnlySpan<Fill> Fills => _fills.AsSpan(0, FillCount);

    public ReadOnlySpan<OrderOutcome> Outcomes => _outcomes.AsSpan(0, OutcomeCount);

    /// <summary>The outcome of the command's own order.</summary>
    public OrderOutcome Outcome => OutcomeCount > 0 ? _outcomes[0] : throw new InvalidOperationException("the command produced no outcome");

    public void Clear()
    {
        FillCount = 0;
        OutcomeCount = 0;
    }

    internal void Add(in Fill fill)
    {
        if (FillCount == _fills.Length)
        {
            Array.Resize(ref _fills, _fills.Length * 2);
        }

        _fills[FillCount++] = fill;
    }

    internal void Add(in OrderOutcome outcome)
    {
        if (OutcomeCount == _outcomes.Length)
        {
            Array.Resize(ref _outcomes, _outcomes.Length * 2);
        }

        _outcomes[OutcomeCount++] = outcome;
    }
}
