using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Definitions;

/// <summary>Reads a <c>retry</c> object, each field falling back to the inherited policy.</summary>
internal static class RetryParser
{
    private const int MaxAttemptsLimit = 1000;

    /// <summary>Parses <c>{path}.retry</c> over <paramref name="inherited"/>.</summary>
    public static RetryPolicy Parse(JsonElement owner, string ownerPath, RetryPolicy inherited, List<ValidationError> errors)
    {
        if (!owner.TryGetProperty("retry", out var retry) || retry.ValueKind == JsonValueKind.Null)
        {
            return inherited;
        }

        var path = $"{ownerPath}.retry";
        if (retry.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(path, $"Must be an object, not {JsonChecks.Describe(retry)}."));
            return inherited;
        }

        JsonChecks.RejectUnknown(retry, path, errors, "maxAttempts", "initialInterval", "backoffCoefficient", "maxInterval", "nonRetryableErrors");
        var maxAttempts = inherited.MaxAttempts;
        if (retry.TryGetProperty("maxAttempts", out var m))
        {
            if (m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var value) && value is >= 1 and <= MaxAttemptsLimit)
            {
                maxAttempts = value;
            }
            else
            {
                errors.Add(new ValidationError($"{path}.maxAttempts", $"Must be a whole number from 1 to {MaxAttemptsLimit}."));
            }
        }

        var initial = Interval(retry, "initialInterval", path, inherited.InitialInterval, errors);
        // Like Temporal: an unset maxInterval is 100 x initialInterval where initialInterval is set at this level;
        // otherwise it is inherited with the rest of the policy.
        var inheritedMax = retry.TryGetProperty("initialInterval", out _)
            ? TimeSpan.FromTicks(Math.Min(initial.Ticks * 100, DefinitionParser.MaxDuration.Ticks))
            : inherited.MaxInterval;
        var max = Interval(retry, "maxInterval", path, inheritedMax, errors);
        if (max < initial)
        {
            errors.Add(new ValidationError($"{path}.maxInterval", $"Must not be shorter than initialInterval ({Duration.Format(initial)})."));
        }

        var coefficient = inherited.BackoffCoefficient;
        if (retry.TryGetProperty("backoffCoefficient", out var c))
        {
            if (c.ValueKind == JsonValueKind.Number && c.GetDouble() is >= 1 and <= 100)
            {
                coefficient = c.GetDouble();
            }
            else
            {
                errors.Add(new ValidationError($"{path}.backoffCoefficient", "Must be a number from 1 to 100."));
            }
        }

        var nonRetryable = inherited.NonRetryableErrors;
        if (retry.TryGetProperty("nonRetryableErrors", out var n))
        {
            if (n.ValueKind == JsonValueKind.Array && n.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0))
            {
                nonRetryable = [.. n.EnumerateArray().Select(e => e.GetString()!)];
            }
            else
            {
                errors.Add(new ValidationError($"{path}.nonRetryableErrors", "Must be an array of non-empty error type strings, e.g. [\"http.404\", \"invalid-input\", \"http.4*\"]."));
            }
        }

        return new RetryPolicy(maxAttempts, initial, coefficient, max, nonRetryable);
    }

    private static TimeSpan Interval(JsonElement retry, string name, string path, TimeSpan fallback, List<ValidationError> errors)
    {
        if (!retry.TryGetProperty(name, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.String && Duration.TryParse(v.GetString(), out var value) && value > TimeSpan.Zero && value <= DefinitionParser.MaxDuration)
        {
            return value;
        }

        errors.Add(new ValidationError($"{path}.{name}", $"Must be a positive duration of at most {Duration.Format(DefinitionParser.MaxDuration)} such as \"250ms\", \"30s\", \"5m\" or \"2h\"."));
        return fallback;
    }
}
