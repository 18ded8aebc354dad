import Domain

/// What naming a server takes, so a whole server and a list row are named by the same words.
protocol NamedServer {
    var id: Int { get }
    var hostname: String { get }
    var ipAddress: String { get }
    var cpuCores: Int { get }
    var ramGB: Int { get }
    var storageGB: Int { get }
}

extension ServerInstance: NamedServer {}
extension ServerSummary: NamedServer {}

/// How a server is named and described to people, written once for every page.
extension NamedServer {
    /// The hostname, or "Server 12" before it has one.
    var displayName: String { hostname.isEmpty ? "Server \(id)" : hostname }

    /// The main address, or a dash before one is assigned.
    var addressOrDash: String { ipAddress.isEmpty ? "—" : ipAddress }

    /// "2 vCPU · 4 GB · 80 GB", for lists.
    var shortSpecs: String {
        // Appended piece by piece: the interpolation cost several thousand instructions per row.
        var text = String(cpuCores)
        text.reserveCapacity(40)
        text += " vCPU · "
        text += String(ramGB)
        text += " GB · "
        text += String(storageGB)
        text += " GB"
        return text
    }
}

extension ServerInstance {
    /// "2 vCPU · 4 GB RAM · 80 GB NVME · 2 TB traffic", for a server's page.
    var specs: String {
        "\(cpuCores) vCPU · \(ramGB) GB RAM · \(storageGB) GB \(storageType.uppercased()) · \(bandwidthTB) TB traffic"
    }
}

extension Product {
    /// "2 vCPU (EPYC 7543) · 4 GB RAM · 80 GB NVME · 2 TB traffic".
    var specs: String {
        "\(cpuCores) vCPU\(cpuModel.isEmpty ? "" : " (\(cpuModel))") · \(ramGB) GB RAM · \(storageGB) GB \(storageType.uppercased()) · \(bandwidthTB) TB traffic"
    }
}
