using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Notifications;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>notify</c>: sends one message through a configured channel (<c>PUT /api/v1/channels/{name}</c>) per attempt, run by
/// a task grain like <c>http</c>, with the step's retries and per-attempt timeout. <c>subject</c> and <c>body</c> are
/// templates over the workflow data, rendered by the engine before the attempt.
/// </summary>
public sealed class NotifyStepKind : IStepKind
{
    private static readonly string[] Allowed = ["channel", "subject", "body", "data"];

    /// <inheritdoc />
    public string Type => "notify";

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, Allowed);
        if (!with.TryGetProperty("channel", out var channel))
        {
            errors.Add(new ValidationError($"{path}.channel", "Required: the name of a channel configured with PUT /api/v1/channels/{name}."));
        }
        else if (channel.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.channel", $"Must be a string, not {JsonChecks.Describe(channel)}."));
        }
        else if (!JsonChecks.IsTemplate(channel) && !ChannelNames.IsValid(channel.GetString()))
        {
            errors.Add(new ValidationError($"{path}.channel", $"'{channel.GetString()}' is not a valid channel name: {ChannelNames.Rule}."));
        }

        JsonChecks.OptionalString(with, "subject", path, errors);
        if (!with.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ValidationError($"{path}.body", "Required: the message text, a template over the workflow data."));
        }
        else if (body.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.body", $"Must be a string, not {JsonChecks.Describe(body)}."));
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context) => StepActivation.RunTask;
}
