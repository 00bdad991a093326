namespace Kinko.Primitives;

/// <summary>
/// Assertions for invariants that must hold whatever the input. Never compiled out, never caught
/// by business code: a broken invariant stops the operation loudly.
/// </summary>
public static class Invariant
{
    public static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }
}

public sealed class InvariantViolationException(string message) : Exception("invariant violated: " + message);
