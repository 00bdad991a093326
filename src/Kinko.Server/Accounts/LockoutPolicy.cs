namespace Kinko.Server.Accounts;

/// <summary>
/// How many failed logins in a row lock an account, and for how long. A failure is a wrong password
/// or a wrong two-factor code; a good login starts the count again. While locked, logins are refused
/// without the password being checked.
/// </summary>
public static class LockoutPolicy
{
    public const int MaxFailedLogins = 5;

    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    public static bool IsLocked(long lockedUntilUs, DateTimeOffset now) => lockedUntilUs > ToMicroseconds(now);

    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    public static long ToMicroseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
