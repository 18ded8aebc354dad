@testable import Domain
import Postgres
import TestSupport
import Testing

@Suite("Job notifications")
struct JobNotificationTests {
    @Test("a job that becomes queued wakes a listener when its transaction commits")
    func queuedJobNotifies() throws {
        let listener = try TestEnvironment.connect()
        try listener.listen(Jobs.channel)
        _ = try listener.waitForNotifications(timeout: 0.1)
        let connection = try TestEnvironment.connect()
        var input = ProductInput()
        input.scalars = ["name": "Notify VPS", "server_type": "vps", "cpu_cores": "1", "ram_gb": "1", "storage_gb": "10",
                         "price_monthly": "1.00", "provisioning_module": "manual", "is_active": "false"]
        let product = try Products.create(try ProductDraft.validate(input), on: connection, actor: .commandLine, origin: .commandLine)
        let (staff, _) = try Fixtures.enrolledStaff(on: connection)
        let customer = try Fixtures.customer(on: connection)
        _ = try ServerActions.provision(customerID: customer.id, productID: product.id, hostname: nil, operatingSystem: nil, by: staff,
                                        on: connection, origin: .commandLine)
        #expect(try listener.waitForNotifications(timeout: 5).contains(Jobs.channel))
    }
}
