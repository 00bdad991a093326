using System.Globalization;
using System.Text;
using Kinko.Secrets;

namespace Kinko.Secrets.Tests;

public sealed class TotpTests
{
    private static readonly byte[] RfcSeed = Encoding.ASCII.GetBytes("12345678901234567890");

    public static TheoryData<long, string, string> Rfc6238Sha1 => Vectors();

    [Theory]
    [MemberData(nameof(Rfc6238Sha1))]
    public void Rfc6238_appendix_b_sha1_vectors(long unixSeconds, string stepHex, string expected)
    {
        var step = Totp.Step(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        step.ShouldBe(long.Parse(stepHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        Totp.Code(RfcSeed, step, digits: 8).ShouldBe(expected);
        Totp.Code(RfcSeed, step).ShouldBe(expected[2..], "six digits are the same number modulo 10^6");
    }

    [Fact]
    public void A_code_is_accepted_one_step_either_side_and_not_two()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_111_111_111);
        var now = Totp.Step(at);

        Totp.Match(RfcSeed, Totp.Code(RfcSeed, now - 1), at, lastUsedStep: 0).ShouldBe(now - 1);
        Totp.Match(RfcSeed, Totp.Code(RfcSeed, now + 1), at, lastUsedStep: 0).ShouldBe(now + 1);
        Totp.Match(RfcSeed, Totp.Code(RfcSeed, now - 2), at, lastUsedStep: 0).ShouldBeNull();
        Totp.Match(RfcSeed, Totp.Code(RfcSeed, now + 2), at, lastUsedStep: 0).ShouldBeNull();
    }

    [Fact]
    public void A_code_of_a_step_already_used_is_refused()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_234_567_890);
        var now = Totp.Step(at);
        var code = Totp.Code(RfcSeed, now);

        Totp.Match(RfcSeed, code, at, lastUsedStep: now - 1).ShouldBe(now);
        Totp.Match(RfcSeed, code, at, lastUsedStep: now).ShouldBeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public void Malformed_codes_never_match(string? code) =>
        Totp.Match(RfcSeed, code, DateTimeOffset.FromUnixTimeSeconds(59), lastUsedStep: 0).ShouldBeNull();

    [Fact]
    public void Base32_round_trips_and_matches_rfc4648_examples()
    {
        Base32.Encode("foobar"u8).ShouldBe("MZXW6YTBOI");
        Base32.Encode("fo"u8).ShouldBe("MZXQ");
        Encoding.ASCII.GetString(Base32.TryDecode("mzxw6ytboi======").ShouldNotBeNull()).ShouldBe("foobar");
        Base32.TryDecode("MZ1W").ShouldBeNull();
        var secret = Totp.NewSecret();
        Base32.TryDecode(Base32.Encode(secret)).ShouldBe(secret);
    }

    [Fact]
    public void The_otpauth_uri_carries_the_secret_issuer_and_parameters()
    {
        var uri = Totp.OtpAuthUri("Kinko", "ops@example.com", "foobar"u8);

        uri.ShouldBe("otpauth://totp/Kinko:ops%40example.com?secret=MZXW6YTBOI&issuer=Kinko&algorithm=SHA1&digits=6&period=30");
    }

    private static TheoryData<long, string, string> Vectors()
    {
        var data = new TheoryData<long, string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "rfc6238-sha1.txt")))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ');
            data.Add(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], fields[2]);
        }

        return data;
    }
}
