using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Kinko.Trading.Matching;

namespace Kinko.Bench.Engine;

/// <summary>What a workload line asks for.</summary>
public enum WorkloadOp : byte
{
    Place = 0,
    Cancel = 1,
    Move = 2,
}

/// <summary>One command of a workload file (bench/workloads/gen_workload.py describes the columns).</summary>
public readonly record struct WorkloadCommand(WorkloadOp Op, long OrderId, long AccountId, Side Side, bool ImmediateOrCancel, long PriceTicks, long Lots);

/// <summary>
/// A matching-engine workload loaded into memory: the CSV of bench/workloads/gen_workload.py
/// (plain or gzip), checked against the SHA-256 its summary records.
/// </summary>
public sealed class Workload
{
    public const string Header = "seq,op,order_id,account_id,side,type,price_ticks,qty_lots";

    private Workload(WorkloadCommand[] commands, string sha256)
    {
        Commands = commands;
        Sha256 = sha256;
    }

    public WorkloadCommand[] Commands { get; }

    /// <summary>SHA-256 of the (uncompressed) CSV text, as the generator's summary records it.</summary>
    public string Sha256 { get; }

    /// <summary>The first <paramref name="count"/> commands (for a warm-up run; no summary describes them).</summary>
    public Workload Prefix(int count) => new(Commands[..Math.Min(count, Commands.Length)], "");

    public static Workload Load(string path)
    {
        using var file = File.OpenRead(path);
        using var raw = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        using var hashing = new HashingStream(raw);
        using var reader = new StreamReader(hashing);
        var header = reader.ReadLine();
        if (header != Header)
        {
            throw new FormatException($"{path}: the first line must be '{Header}'");
        }

        var commands = new List<WorkloadCommand>(1 << 20);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            commands.Add(Parse(line, path, lineNumber));
            if (commands.Count != ReadSeq(line, path, lineNumber))
            {
                throw new FormatException($"{path}:{lineNumber}: seq must count 1, 2, 3, …");
            }
        }

        return new Workload([.. commands], hashing.HashHex());
    }

    private static long ReadSeq(string line, string path, int lineNumber) =>
        long.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal) is var i and > 0 ? i : throw new FormatException($"{path}:{lineNumber}: no seq")), CultureInfo.InvariantCulture);

    private static WorkloadCommand Parse(string line, string path, int lineNumber)
    {
        var fields = line.Split(',');
        if (fields.Length != 8)
        {
            throw new FormatException($"{path}:{lineNumber}: expected 8 fields, found {fields.Length}");
        }

        var op = fields[1] switch
        {
            "place" => WorkloadOp.Place,
            "cancel" => WorkloadOp.Cancel,
            "move" => WorkloadOp.Move,
            _ => throw new FormatException($"{path}:{lineNumber}: op '{fields[1]}' is not place, cancel or move"),
        };
        var side = fields[4] switch
        {
            "B" => Side.Buy,
            "S" => Side.Sell,
            _ => throw new FormatException($"{path}:{lineNumber}: side '{fields[4]}' is not B or S"),
        };
        var ioc = fields[5] switch
        {
            "IOC" => true,
            "GTC" => false,
            _ => throw new FormatException($"{path}:{lineNumber}: type '{fields[5]}' is not GTC or IOC"),
        };
        return new WorkloadCommand(op, Long(fields[2]), Long(fields[3]), side, ioc, Long(fields[6]), Long(fields[7]));

        long Long(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{path}:{lineNumber}: '{text}' is not a whole number");
    }

    /// <summary>Hashes what is read through it.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _hash.AppendData(buffer, offset, read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
