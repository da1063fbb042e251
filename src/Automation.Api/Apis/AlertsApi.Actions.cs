using System.ComponentModel;
using Automation.Alerts;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>Acknowledge, resolve and routes: writes go through the alert manager grain.</summary>
internal static partial class AlertsApi
{
    private const int MaxComment = 1000;
    private const int MaxChannels = 20;

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(
        [Description("The alert id.")] string id, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        await ActAsync(id, http, calls, (comment, actor) => grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).AcknowledgeAsync(id, actor, comment));

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        [Description("The alert id.")] string id, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        await ActAsync(id, http, calls, (comment, actor) => grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).ResolveAsync(id, actor, comment));

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(
        string id, HttpContext http, ClusterCalls calls, Func<string?, string, Task<AlertChange>> act)
    {
        if (!IsAlertId(id))
        {
            return InvalidId();
        }

        string? comment = null;
        if (http.Request.ContentLength is > 0 || (http.Request.ContentLength is null && http.Request.Headers.TransferEncoding.Count > 0))
        {
            var body = await RequestJson.ReadAsync<AlertActionRequest>(http);
            if (body.Invalid is { } invalid)
            {
                return invalid;
            }

            if (body.Rejected is { } rejected)
            {
                return rejected;
            }

            comment = body.Value!.Comment;
            if (comment is { Length: > MaxComment })
            {
                return Problems.Validation("$.comment", $"At most {MaxComment} characters.");
            }
        }

        var change = await calls.RunAsync(() => act(comment, http.User.Actor()), http.RequestAborted);
        return change.Alert is { } alert ? TypedResults.Ok(AlertResponse.From(alert)) : NotFound(id);
    }

    private static async Task<Ok<AlertRoutesResponse>> GetRoutesAsync(HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var routes = await calls.RunAsync(() => grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).GetRoutesAsync(), http.RequestAborted);
        return TypedResults.Ok(AlertRoutesResponse.From(routes));
    }

    private static async Task<Results<Ok<AlertRoutesResponse>, ValidationProblem, ProblemHttpResult>> PutRoutesAsync(
        HttpContext http, IGrainFactory grains, ClusterCalls calls, INotificationChannelStore channels, INotificationTemplateStore templates)
    {
        var body = await RequestJson.ReadAsync<PutAlertRoutesRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var errors = new List<(string, string)>();
        if (request.Channels is null)
        {
            errors.Add(("$.channels", "Required: the channels that receive alerts (an empty list records alerts without sending them)."));
        }
        else
        {
            await CheckChannelsAsync("$.channels", request.Channels, channels, errors, http.RequestAborted);
        }

        var minSeverity = AlertSeverity.Info;
        if (request.MinSeverity is { } min)
        {
            minSeverity = ParseEnum<AlertSeverity>("$.minSeverity", min, errors) ?? AlertSeverity.Info;
        }

        TimeSpan? after = null;
        IReadOnlyList<string> escalationChannels = [];
        if (request.Escalation is { } escalation)
        {
            if (!Duration.TryParse(escalation.After, out var delay) || delay < TimeSpan.FromSeconds(1) || delay > TimeSpan.FromDays(7))
            {
                errors.Add(("$.escalation.after", $"Must be a duration from 1s to 7d such as 15m, not '{escalation.After}'."));
            }
            else
            {
                after = delay;
            }

            if (escalation.Channels is not { Count: > 0 })
            {
                errors.Add(("$.escalation.channels", "Required: at least one channel to escalate to."));
            }
            else
            {
                await CheckChannelsAsync("$.escalation.channels", escalation.Channels, channels, errors, http.RequestAborted);
                escalationChannels = escalation.Channels;
            }
        }

        if (request.Template is { } template)
        {
            if (!ChannelNames.IsValid(template))
            {
                errors.Add(("$.template", $"Not a template name: {ChannelNames.Rule}."));
            }
            else if (await templates.GetAsync(template, null, http.RequestAborted) is null)
            {
                errors.Add(("$.template", $"No template named '{template}'. Store it with PUT /api/v1/templates/{template}."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var routes = new AlertRoutes([.. request.Channels!.Distinct(StringComparer.Ordinal)], minSeverity)
        {
            EscalationAfter = after,
            EscalationChannels = [.. escalationChannels.Distinct(StringComparer.Ordinal)],
            Template = request.Template,
        };
        var stored = await calls.RunAsync(() => grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).PutRoutesAsync(routes, http.User.Actor()), http.RequestAborted);
        return TypedResults.Ok(AlertRoutesResponse.From(stored));
    }

    private static async Task CheckChannelsAsync(
        string path, IReadOnlyList<string> names, INotificationChannelStore store, List<(string, string)> errors, CancellationToken cancellationToken)
    {
        if (names.Count > MaxChannels)
        {
            errors.Add((path, $"At most {MaxChannels} channels."));
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!ChannelNames.IsValid(names[i]))
            {
                errors.Add(($"{path}[{i}]", $"Not a channel name: {ChannelNames.Rule}."));
            }
            else if (await store.GetAsync(names[i], cancellationToken) is null)
            {
                errors.Add(($"{path}[{i}]", $"No channel named '{names[i]}'. Create it with PUT /api/v1/channels/{names[i]}."));
            }
        }
    }
}
