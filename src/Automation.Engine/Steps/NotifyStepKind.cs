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
    private static readonly string[] Allowed = ["channel", "template", "templateVersion", "subject", "body", "html", "data", "to", "attachments"];

    private static readonly string[] AttachmentFields = ["name", "content", "contentType"];

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
        JsonChecks.OptionalString(with, "html", path, errors);
        ValidateTo(with, path, errors);
        ValidateAttachments(with, path, errors);
        var template = JsonChecks.OptionalString(with, "template", path, errors);
        if (template is not null)
        {
            if (!JsonChecks.IsTemplate(with.GetProperty("template")) && !ChannelNames.IsValid(template))
            {
                errors.Add(new ValidationError($"{path}.template", $"'{template}' is not a valid template name: {ChannelNames.Rule}."));
            }

            foreach (var part in new[] { "subject", "body", "html" }.Where(p => with.TryGetProperty(p, out var v) && v.ValueKind != JsonValueKind.Null))
            {
                errors.Add(new ValidationError($"{path}.{part}", $"Give either 'template' or '{part}': the stored template supplies subject, body and html."));
            }
        }

        if (with.TryGetProperty("templateVersion", out var version) && version.ValueKind != JsonValueKind.Null)
        {
            if (template is null)
            {
                errors.Add(new ValidationError($"{path}.templateVersion", "Only with 'template'."));
            }
            else if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var n) || n < 1)
            {
                errors.Add(new ValidationError($"{path}.templateVersion", "Must be a positive integer (default: the latest version)."));
            }
        }

        if (template is null && !with.TryGetProperty("template", out _))
        {
            if (!with.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new ValidationError($"{path}.body", "Required (or 'template'): the message text, a template over the workflow data."));
            }
            else if (body.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError($"{path}.body", $"Must be a string, not {JsonChecks.Describe(body)}."));
            }
        }
    }

    private static void ValidateTo(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        if (!with.TryGetProperty("to", out var to) || to.ValueKind == JsonValueKind.Null || JsonChecks.IsTemplate(to))
        {
            return;
        }

        if (to.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError($"{path}.to", $"Must be an array of email addresses, not {JsonChecks.Describe(to)}."));
            return;
        }

        var i = 0;
        foreach (var item in to.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError($"{path}.to[{i}]", $"Must be a string, not {JsonChecks.Describe(item)}."));
            }
            else if (!JsonChecks.IsTemplate(item) && !System.Net.Mail.MailAddress.TryCreate(item.GetString(), out _))
            {
                errors.Add(new ValidationError($"{path}.to[{i}]", $"'{item.GetString()}' is not an email address."));
            }

            i++;
        }
    }

    private static void ValidateAttachments(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        if (!with.TryGetProperty("attachments", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError($"{path}.attachments", $"Must be an array of {{ name, content, contentType? }}, not {JsonChecks.Describe(list)}."));
            return;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"{path}.attachments[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(at, $"Must be an object {{ name, content, contentType? }}, not {JsonChecks.Describe(item)}."));
                continue;
            }

            JsonChecks.RejectUnknown(item, at, errors, AttachmentFields);
            if (JsonChecks.OptionalString(item, "name", at, errors) is not { Length: > 0 })
            {
                if (!item.TryGetProperty("name", out var n) || n.ValueKind is JsonValueKind.Null or JsonValueKind.String)
                {
                    errors.Add(new ValidationError($"{at}.name", "Required: the file name, e.g. report.csv."));
                }
            }

            if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new ValidationError($"{at}.content", "Required: the content, e.g. \"{{ steps.report.output.csv }}\" (a string is sent as is, other JSON as JSON)."));
            }

            JsonChecks.OptionalString(item, "contentType", at, errors);
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context) => StepActivation.RunTask;
}
