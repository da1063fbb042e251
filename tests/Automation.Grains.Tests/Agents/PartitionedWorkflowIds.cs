using Automation.Agents;

namespace Automation.Grains.Tests.Agents;

/// <summary>Workflow ids chosen so that their agent tasks land in a given queue partition.</summary>
internal static class PartitionedWorkflowIds
{
    /// <summary>A new workflow id, starting with <paramref name="prefix"/>, whose tasks go to <paramref name="partition"/> of <paramref name="partitions"/>.</summary>
    public static string In(string prefix, int partition, int partitions)
    {
        while (true)
        {
            var id = prefix + Guid.NewGuid().ToString("N");
            if (AgentNames.Partition(id, partitions) == partition)
            {
                return id;
            }
        }
    }
}
