import Foundation
import Postgres

/// A server: what the customer bought, where it runs, and its state. Never carries secrets.
public struct ServerInstance: ServerListRow, Equatable, FieldWritable {
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

extension ServerInstance {
    /// The API's fields, in the API's order (the one list of them: `encode(to:)` comes from here).
    public func writeFields<Writer: FieldWriter>(to w: inout Writer) throws {
        try w.write("id", id); try w.write("customer_id", customerID); try w.write("customer_email", customerEmail)
        try w.write("order_id", orderID); try w.write("product_id", productID); try w.write("product_name", productName)
        try w.write("provisioning_module", provisioningModule); try w.write("hostname", hostname)
        try w.write("ip_address", ipAddress); try w.write("ip_addresses", ipAddresses); try w.write("mac_address", macAddress)
        try w.write("cpu_cores", cpuCores); try w.write("ram_gb", ramGB); try w.write("storage_gb", storageGB)
        try w.write("storage_type", storageType); try w.write("bandwidth_tb", bandwidthTB); try w.write("ssh_port", sshPort)
        try w.write("status", status); try w.write("suspension_reason", suspensionReason)
        try w.write("suspended_for", suspendedFor); try w.write("suspended_invoice_number", suspendedInvoiceNumber)
        try w.write("failure_reason", failureReason); try w.write("provisioned_at", provisionedAt)
        try w.write("suspended_at", suspendedAt); try w.write("cancelled_at", cancelledAt); try w.write("terminated_at", terminatedAt)
        try w.write("provider", provider); try w.write("provider_server_id", providerServerID)
        try w.write("control_panel_url", controlPanelURL); try w.write("control_panel_type", controlPanelType)
        try w.write("operating_system", operatingSystem); try w.write("os_version", osVersion)
        try w.write("datacenter_location", datacenterLocation); try w.write("region", region); try w.write("notes", notes)
        try w.write("has_root_password", hasRootPassword); try w.write("version", version)
        try w.write("created_at", createdAt); try w.write("updated_at", updatedAt)
        try w.write("billing_cycle", billingCycle); try w.write("recurring_amount", recurringAmount)
        try w.write("next_due_date", nextDueDate); try w.write("billing_status", billingStatus)
    }
}
