using System.Security.Cryptography;
using System.Text;

namespace Kinko.Secrets.Tests;

public sealed class SecretBoxTests : IDisposable
{
    private const string Purpose = "api-secret:42";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(SecretBox.KeySize);
    private readonly SecretBox _box;

    public SecretBoxTests()
    {
        _box = new SecretBox(_key);
    }

    public void Dispose() => _box.Dispose();

    [Fact]
    public void Round_trip_returns_the_plaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("an API secret 🔑");

        var sealedBlob = _box.Seal(plaintext, Purpose);

        sealedBlob.Length.ShouldBe(plaintext.Length + SecretBox.Overhead);
        sealedBlob[0].ShouldBe(SecretBox.FormatVersion);
        _box.Open(sealedBlob, Purpose).ShouldBe(plaintext);
    }

    [Fact]
    public void Empty_plaintext_round_trips()
    {
        var sealedBlob = _box.Seal([], Purpose);

        sealedBlob.Length.ShouldBe(SecretBox.Overhead);
        _box.Open(sealedBlob, Purpose).ShouldBeEmpty();
    }

    [Fact]
    public void String_round_trip_goes_through_base64_text()
    {
        var text = _box.SealString("sk_live_abc", Purpose);

        Convert.FromBase64String(text).Length.ShouldBe("sk_live_abc".Length + SecretBox.Overhead);
        _box.OpenString(text, Purpose).ShouldBe("sk_live_abc");
    }

    [Fact]
    public void Changing_any_byte_makes_open_fail()
    {
        var sealedBlob = _box.Seal("secret"u8, Purpose);

        for (var i = 0; i < sealedBlob.Length; i++)
        {
            var tampered = (byte[])sealedBlob.Clone();
            tampered[i] ^= 0x01;
            Should.Throw<SecretOpenException>(() => _box.Open(tampered, Purpose), $"byte {i}");
        }
    }

    [Fact]
    public void Truncated_or_extended_blob_fails_to_open()
    {
        var sealedBlob = _box.Seal("secret"u8, Purpose);

        for (var length = 0; length < sealedBlob.Length; length++)
        {
            var length1 = length;
            Should.Throw<SecretOpenException>(() => _box.Open(sealedBlob.AsSpan(0, length1), Purpose), $"length {length}");
        }

        Should.Throw<SecretOpenException>(() => _box.Open([.. sealedBlob, 0], Purpose));
    }

    [Fact]
    public void Wrong_purpose_fails_to_open()
    {
        var sealedBlob = _box.Seal("secret"u8, Purpose);

        var error = Should.Throw<SecretOpenException>(() => _box.Open(sealedBlob, "api-secret:43"));

        error.Message.ShouldContain("api-secret:43");
        Should.Throw<SecretOpenException>(() => _box.OpenString(Convert.ToBase64String(sealedBlob), "totp-seed:42"));
    }

    [Fact]
    public void A_different_key_fails_to_open()
    {
        var sealedBlob = _box.Seal("secret"u8, Purpose);
        using var other = new SecretBox(RandomNumberGenerator.GetBytes(SecretBox.KeySize));

        Should.Throw<SecretOpenException>(() => other.Open(sealedBlob, Purpose));
    }

    [Fact]
    public void The_same_key_in_a_new_box_opens_earlier_seals()
    {
        var sealedBlob = _box.Seal("secret"u8, Purpose);
        using var again = new SecretBox(_key);

        again.Open(sealedBlob, Purpose).ShouldBe("secret"u8.ToArray());
    }

    [Fact]
    public void Two_seals_of_the_same_plaintext_differ()
    {
        var first = _box.Seal("secret"u8, Purpose);
        var second = _box.Seal("secret"u8, Purpose);

        first.ShouldNotBe(second);
        first.AsSpan(1, SecretBox.NonceSize).SequenceEqual(second.AsSpan(1, SecretBox.NonceSize)).ShouldBeFalse();
    }

    [Fact]
    public void The_plaintext_does_not_appear_in_the_sealed_bytes()
    {
        var plaintext = Encoding.UTF8.GetBytes("PLAINTEXT-API-SECRET-0123456789");

        var sealedBlob = _box.Seal(plaintext, Purpose);
        var text = _box.SealString("PLAINTEXT-API-SECRET-0123456789", Purpose);

        sealedBlob.AsSpan().IndexOf(plaintext).ShouldBe(-1);
        sealedBlob.AsSpan().IndexOf(plaintext.AsSpan(0, 8)).ShouldBe(-1);
        text.ShouldNotContain("PLAINTEXT");
        Convert.FromBase64String(text).AsSpan().IndexOf(plaintext.AsSpan(0, 8)).ShouldBe(-1);
    }

    [Fact]
    public void Text_that_is_not_base64_fails_to_open()
    {
        Should.Throw<SecretOpenException>(() => _box.OpenString("not base64 !!", Purpose));
        Should.Throw<SecretOpenException>(() => _box.OpenString("", Purpose));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused()
    {
        Should.Throw<ArgumentException>(() => new SecretBox(new byte[16]));
        Should.Throw<ArgumentException>(() => new SecretBox(new byte[33]));
    }

    [Fact]
    public void An_empty_purpose_is_refused()
    {
        Should.Throw<ArgumentException>(() => _box.Seal("secret"u8, ""));
        Should.Throw<ArgumentException>(() => _box.Open(new byte[40], ""));
    }

    [Fact]
    public void A_disposed_box_refuses_to_work()
    {
        var box = new SecretBox(_key);
        box.Dispose();

        Should.Throw<ObjectDisposedException>(() => box.Seal("secret"u8, Purpose));
    }

    [Fact]
    public void Concurrent_use_is_safe()
    {
        Parallel.For(0, 2000, i =>
        {
            var purpose = $"api-secret:{i}";
            var plaintext = BitConverter.GetBytes(i);
            _box.Open(_box.Seal(plaintext, purpose), purpose).ShouldBe(plaintext);
        });
    }
}
