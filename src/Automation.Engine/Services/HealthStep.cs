namespace Automation.Engine.Services;

/// <summary>The result of feeding the state machine one event.</summary>
/// <param name="State">The new state.</param>
/// <param name="Change">The change of the shown status, or <see langword="null"/> when it stayed.</param>
public sealed record HealthStep(HealthState State, HealthChange? Change);
