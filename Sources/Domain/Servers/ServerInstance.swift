import Foundation
import Postgres

/// A server: what the customer bought, where it runs, and its state. Never carries secrets.
public struct ServerInstance: ServerListRow, Equatable, Encodable {
    public var id: Int
    public var customerID: Int
    public var customerEmail: String
    public var orderID: Int?
    public var productID: Int?
    public var productName: String
    public var provisioningModule: String
    public var hostname: String
    public var ipAddress: String
    public var ipAddresses: [String]
    public var macAddress: String
    public var cpuCores: Int
    public var ramGB: Int
    public var storageGB: Int
    public var storageType: String
    public var bandwidthTB: Int
    public var sshPort: Int
    public var status: ServerStatus
    public var suspensionReason: String
    /// Why it is (or is about to be) suspended: "" , "staff" or "overdue" (`suspendedInvoiceNumber` unpaid).
    public var suspendedFor: String
    public var suspendedInvoiceNumber: String?
    public var failureReason: String
    public var provisionedAt: Date?
    public var suspendedAt: Date?
    public var cancelledAt: Date?
    public var terminatedAt: Date?
    public var provider: String
    public var providerServerID: String
    public var controlPanelURL: String
    public var controlPanelType: String
    public var operatingSystem: String
    public var osVersion: String
    public var datacenterLocation: String
    public var region: String
    public var notes: String
    public var hasRootPassword: Bool
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// Billing as a service (nil cycle and due date for a server made without an order).
    public var billingCycle: BillingCycle?
    public var recurringAmount: Money
    public var nextDueDate: CalendarDay?
    public var billingStatus: String

    enum CodingKeys: String, CodingKey {
        case id, hostname, status, provider, region, notes, version
        case customerID = "customer_id", customerEmail = "customer_email", orderID = "order_id", productID = "product_id"
        case productName = "product_name", provisioningModule = "provisioning_module", ipAddress = "ip_address"
        case ipAddresses = "ip_addresses", macAddress = "mac_address", cpuCores = "cpu_cores", ramGB = "ram_gb"
        case storageGB = "storage_gb", storageType = "storage_type", bandwidthTB = "bandwidth_tb", sshPort = "ssh_port"
        case suspendedFor = "suspended_for", suspendedInvoiceNumber = "suspended_invoice_number"
        case suspensionReason = "suspension_reason", failureReason = "failure_reason", provisionedAt = "provisioned_at"
        case suspendedAt = "suspended_at", cancelledAt = "cancelled_at", terminatedAt = "terminated_at"
        case providerServerID = "provider_server_id", controlPanelURL = "control_panel_url", controlPanelType = "control_panel_type"
        case operatingSystem = "operating_system", osVersion = "os_version", datacenterLocation = "datacenter_location"
        case hasRootPassword = "has_root_password", createdAt = "created_at", updatedAt = "updated_at"
        case billingCycle = "billing_cycle", recurringAmount = "recurring_amount", nextDueDate = "next_due_date", billingStatus = "billing_status"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(customerID, forKey: .customerID); try c.encode(customerEmail, forKey: .customerEmail)
        try c.encode(orderID, forKey: .orderID); try c.encode(productID, forKey: .productID); try c.encode(productName, forKey: .productName)
        try c.encode(provisioningModule, forKey: .provisioningModule); try c.encode(hostname, forKey: .hostname)
        try c.encode(ipAddress, forKey: .ipAddress); try c.encode(ipAddresses, forKey: .ipAddresses); try c.encode(macAddress, forKey: .macAddress)
        try c.encode(cpuCores, forKey: .cpuCores); try c.encode(ramGB, forKey: .ramGB); try c.encode(storageGB, forKey: .storageGB)
        try c.encode(storageType, forKey: .storageType); try c.encode(bandwidthTB, forKey: .bandwidthTB); try c.encode(sshPort, forKey: .sshPort)
        try c.encode(status, forKey: .status); try c.encode(suspensionReason, forKey: .suspensionReason)
        try c.encode(suspendedFor, forKey: .suspendedFor); try c.encode(suspendedInvoiceNumber, forKey: .suspendedInvoiceNumber)
        try c.encode(failureReason, forKey: .failureReason); try c.encode(provisionedAt, forKey: .provisionedAt)
        try c.encode(suspendedAt, forKey: .suspendedAt); try c.encode(cancelledAt, forKey: .cancelledAt); try c.encode(terminatedAt, forKey: .terminatedAt)
        try c.encode(provider, forKey: .provider); try c.encode(providerServerID, forKey: .providerServerID)
        try c.encode(controlPanelURL, forKey: .controlPanelURL); try c.encode(controlPanelType, forKey: .controlPanelType)
        try c.encode(operatingSystem, forKey: .operatingSystem); try c.encode(osVersion, forKey: .osVersion)
        try c.encode(datacenterLocation, forKey: .datacenterLocation); try c.encode(region, forKey: .region); try c.encode(notes, forKey: .notes)
        try c.encode(hasRootPassword, forKey: .hasRootPassword); try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(billingCycle, forKey: .billingCycle); try c.encode(recurringAmount, forKey: .recurringAmount)
        try c.encode(nextDueDate, forKey: .nextDueDate); try c.encode(billingStatus, forKey: .billingStatus)
    }

    public static let columns = """
        s.id, s.customer_id, u.email AS customer_email, s.order_id, s.product_id, coalesce(p.name, '') AS product_name,
        s.provisioning_module, s.hostname, s.ip_address, array_to_string(s.ip_addresses, ' ') AS ip_addresses, s.mac_address,
        s.cpu_cores, s.ram_gb, s.storage_gb, s.storage_type, s.bandwidth_tb, s.ssh_port, s.status, s.suspension_reason,
        s.suspended_for, (SELECT number FROM invoices WHERE id = s.suspended_invoice_id) AS suspended_invoice_number,
        s.failure_reason, s.provisioned_at, s.suspended_at, s.cancelled_at, s.terminated_at, s.provider, s.provider_server_id,
        s.control_panel_url, s.control_panel_type, s.operating_system, s.os_version, s.datacenter_location, s.region, s.notes,
        s.root_password IS NOT NULL AS has_root_password, s.version, s.created_at, s.updated_at,
        s.billing_cycle, s.recurring_amount, s.next_due_date, s.billing_status
        """
    static let from = "server_instances s JOIN users u ON u.id = s.customer_id LEFT JOIN products p ON p.id = s.product_id"

    public init(row: PostgresRow) throws {
        var row = row.reader()  // the columns in `columns` order
        id = try row.decode(Int.self, "id")
        customerID = try row.decode(Int.self, "customer_id")
        customerEmail = try row.decode(String.self, "customer_email")
        orderID = try row.decode(Int?.self, "order_id")
        productID = try row.decode(Int?.self, "product_id")
        productName = try row.decode(String.self, "product_name")
        provisioningModule = try row.decode(String.self, "provisioning_module")
        hostname = try row.decode(String.self, "hostname")
        ipAddress = try row.decode(String.self, "ip_address")
        // Addresses hold no spaces, so the array travels as one space-separated text.
        let addresses = try row.decode(String.self, "ip_addresses")
        ipAddresses = addresses.utf8.contains(UInt8(ascii: " ")) ? addresses.split(separator: " ").map(String.init) : addresses.isEmpty ? [] : [addresses]
        macAddress = try row.decode(String.self, "mac_address")
        cpuCores = try row.decode(Int.self, "cpu_cores")
        ramGB = try row.decode(Int.self, "ram_gb")
        storageGB = try row.decode(Int.self, "storage_gb")
        storageType = try row.decode(String.self, "storage_type")
        bandwidthTB = try row.decode(Int.self, "bandwidth_tb")
        sshPort = try row.decode(Int.self, "ssh_port")
        status = ServerStatus(rawValue: try row.decode(String.self, "status")) ?? .failed
        suspensionReason = try row.decode(String.self, "suspension_reason")
        suspendedFor = try row.decode(String.self, "suspended_for")
        suspendedInvoiceNumber = try row.decode(String?.self, "suspended_invoice_number")
        failureReason = try row.decode(String.self, "failure_reason")
        provisionedAt = try row.decode(Date?.self, "provisioned_at")
        suspendedAt = try row.decode(Date?.self, "suspended_at")
        cancelledAt = try row.decode(Date?.self, "cancelled_at")
        terminatedAt = try row.decode(Date?.self, "terminated_at")
        provider = try row.decode(String.self, "provider")
        providerServerID = try row.decode(String.self, "provider_server_id")
        controlPanelURL = try row.decode(String.self, "control_panel_url")
        controlPanelType = try row.decode(String.self, "control_panel_type")
        operatingSystem = try row.decode(String.self, "operating_system")
        osVersion = try row.decode(String.self, "os_version")
        datacenterLocation = try row.decode(String.self, "datacenter_location")
        region = try row.decode(String.self, "region")
        notes = try row.decode(String.self, "notes")
        hasRootPassword = try row.decode(Bool.self, "has_root_password")
        version = try row.decode(Int.self, "version")
        createdAt = try row.decode(Date.self, "created_at")
        updatedAt = try row.decode(Date.self, "updated_at")
        billingCycle = try row.decode(String?.self, "billing_cycle").flatMap(BillingCycle.init(rawValue:))
        recurringAmount = try row.decode(Money.self, "recurring_amount")
        nextDueDate = try row.decode(CalendarDay?.self, "next_due_date")
        billingStatus = try row.decode(String.self, "billing_status")
    }

    /// What a module may know about this server.
    public var moduleInstance: ModuleInstance {
        ModuleInstance(id: id, hostname: hostname, operatingSystem: operatingSystem, cpuCores: cpuCores, ramGB: ramGB, storageGB: storageGB,
                       bandwidthTB: bandwidthTB, datacenterLocation: datacenterLocation, region: region, providerServerID: providerServerID)
    }
}
