namespace Automation.Grains.Hosting;

/// <summary>
/// Declares grain state that a grain keeps in grain storage without a <c>[PersistentState]</c> constructor parameter
/// (it reads and writes the state itself, e.g. <c>WorkflowGrain</c>, ADR 0028), so that tools that find state types
/// by reflection, such as the silo's <c>verify-state</c> backup check, know the state name and its type.
/// </summary>
/// <param name="stateName">The state name the grain stores its state under.</param>
/// <param name="stateType">The type the state deserializes to.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GrainStateAttribute(string stateName, Type stateType) : Attribute
{
    /// <summary>The state name the grain stores its state under.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The type the state deserializes to.</summary>
    public Type StateType { get; } = stateType;
}
