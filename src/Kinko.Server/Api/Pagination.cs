using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Kinko.Server.Api;

/// <summary>Coincheck's pagination parameters (spec §4): <c>limit</c>, <c>order</c>, <c>starting_after</c>, <c>ending_before</c>.</summary>
public sealed record Pagination(int Limit, bool Descending, long? StartingAfter, long? EndingBefore)
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    /// <summary>Reads the parameters; a bad one gives an error naming it.</summary>
    public static bool TryRead(IQueryCollection query, out Pagination pagination, out string? error)
    {
        pagination = new Pagination(DefaultLimit, true, null, null);
        error = null;
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            error = $"limit must be a whole number from 1 (at most {MaxLimit} are returned)";
            return false;
        }

        // Clients pass their caller's limit through (ccxt does): more than a page gets a full page, not an error.
        limit = Math.Min(limit, MaxLimit);

        var order = query.TryGetValue("order", out var orderText) ? orderText.ToString() : "desc";
        if (order is not ("desc" or "asc"))
        {
            error = "order must be desc or asc";
            return false;
        }

        if (!TryId(query, "starting_after", out var after, ref error) || !TryId(query, "ending_before", out var before, ref error))
        {
            return false;
        }

        if (after is not null && before is not null)
        {
            error = "give starting_after or ending_before, not both";
            return false;
        }

        pagination = new Pagination(limit, order == "desc", after, before);
        return true;
    }

    /// <summary>
    /// The page from a stream numbered by id, given how to read it newest first below an id (all when
    /// null) and oldest first above one.
    /// </summary>
    public IEnumerable<T> Read<T>(Func<long?, int, IReadOnlyList<T>> newestBelow, Func<long, int, IReadOnlyList<T>> oldestAbove)
    {
        ArgumentNullException.ThrowIfNull(newestBelow);
        ArgumentNullException.ThrowIfNull(oldestAbove);
        return this switch
        {
            { Descending: true, StartingAfter: { } after } => newestBelow(after, Limit),
            { Descending: true, EndingBefore: { } before } => oldestAbove(before, Limit).Reverse(),
            { Descending: true } => newestBelow(null, Limit),
            { StartingAfter: { } after } => oldestAbove(after, Limit),
            { EndingBefore: { } before } => newestBelow(before, Limit).Reverse(),
            _ => oldestAbove(0, Limit),
        };
    }

    /// <summary>The echo of the parameters that every paginated answer carries.</summary>
    public object Echo() => new
    {
        limit = Limit,
        order = Descending ? "desc" : "asc",
        starting_after = StartingAfter,
        ending_before = EndingBefore,
    };

    private static bool TryId(IQueryCollection query, string name, out long? id, ref string? error)
    {
        id = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            error = $"{name} must be a positive whole number (an id)";
            return false;
        }

        id = value;
        return true;
    }
}
