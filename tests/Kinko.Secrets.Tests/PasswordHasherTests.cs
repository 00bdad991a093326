using Kinko.Secrets;

namespace Kinko.Secrets.Tests;

public sealed class PasswordHasherTests
{
    // Small costs keep the tests fast; the production default is Argon2Settings.Default.
    private static readonly Argon2Settings Cheap = new(8 * 1024, 1);
    private static readonly Argon2Settings Raised = new(16 * 1024, 2);

    [Fact]
    public void The_right_password_verifies_and_a_wrong_one_does_not()
    {
        var hasher = new PasswordHasher(Cheap);
        var stored = hasher.Hash("correct horse battery");

        hasher.Verify("correct horse battery", stored).ShouldBe(new PasswordCheck(true, false));
        hasher.Verify("correct horse batterY", stored).Valid.ShouldBeFalse();
        hasher.Verify("", stored).Valid.ShouldBeFalse();
    }

    [Fact]
    public void The_hash_names_argon2id_and_its_parameters_and_never_contains_the_password()
    {
        var stored = new PasswordHasher(Cheap).Hash("correct horse battery");

        stored.ShouldStartWith("$argon2id$v=19$m=8192,t=1,p=1$");
        stored.ShouldNotContain("correct");
    }

    [Fact]
    public void Each_hash_has_its_own_salt()
    {
        var hasher = new PasswordHasher(Cheap);

        hasher.Hash("same password").ShouldNotBe(hasher.Hash("same password"));
    }

    [Fact]
    public void A_hash_made_with_older_parameters_still_verifies_and_asks_for_a_rehash()
    {
        var old = new PasswordHasher(Cheap).Hash("correct horse battery");
        var today = new PasswordHasher(Raised);

        today.Verify("correct horse battery", old).ShouldBe(new PasswordCheck(true, true));
        today.Verify("wrong", old).ShouldBe(new PasswordCheck(false, false));
        today.Hash("x").ShouldStartWith("$argon2id$v=19$m=16384,t=2,p=1$");
    }

    [Theory]
    [InlineData("")]
    [InlineData("$argon2i$v=19$m=8192,t=1,p=1$AAAA$AAAA")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=4$AAAA$AAAA")]
    [InlineData("$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA")]
    public void A_malformed_stored_hash_is_an_error_not_a_wrong_password(string stored) =>
        Should.Throw<FormatException>(() => new PasswordHasher(Cheap).Verify("x", stored));

    [Fact]
    public void An_overlong_password_is_refused()
    {
        var hasher = new PasswordHasher(Cheap);

        Should.Throw<ArgumentException>(() => hasher.Hash(new string('a', PasswordHasher.MaxPasswordBytes + 1)));
    }
}
