using Kinko.Primitives;

namespace Kinko.Primitives.Tests;

public sealed class InvariantTests
{
    [Fact]
    public void A_false_assertion_throws_with_the_message()
    {
        var ex = Should.Throw<InvariantViolationException>(() => Invariant.Assert(false, "debits equal credits"));

        ex.Message.ShouldContain("debits equal credits");
    }

    [Fact]
    public void A_true_assertion_does_nothing() =>
        Should.NotThrow(() => Invariant.Assert(true, "never shown"));

    [Fact]
    public void An_invariant_violation_is_not_a_business_error()
    {
        var ex = Should.Throw<Exception>(() => Invariant.Assert(false, "x"));

        ex.ShouldNotBeOfType<KinkoException>();
        ex.ShouldBeOfType<InvariantViolationException>();
    }
}
