using Truce.Evidence.Blobs;
using Truce.Tests.Shared;

namespace Truce.Evidence.Tests;

/// <summary>Entries fed to an evidence book in log order, with a blob store in a temporary folder.</summary>
sealed class EvidenceLog : ModuleLog<EvidenceBook>, IDisposable
{
    public EvidenceLog() : this(new EvidenceFiles { Store = new BlobStore(Directory.CreateTempSubdirectory("truce-evidence").FullName) })
    {
    }

    EvidenceLog(EvidenceFiles files) : base(() => new EvidenceBook(files)) => Files = files;

    public EvidenceFiles Files { get; }

    public BlobStore Store => Files.Store!;

    public EvidenceBook Replay() => Replay(() => new EvidenceBook(Files));

    public EvidenceBook For(Core.Access.Reader reader) => Replay(() => new EvidenceBook(Files), reader);

    public void Dispose() => Directory.Delete(Store.Root, recursive: true);
}
