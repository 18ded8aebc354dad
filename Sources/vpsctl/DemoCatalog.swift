import Domain

/// The demo products `vpsctl seed` puts in the catalog: servers built by the `demo` module
/// (a simulated datacenter), one that fails on purpose, and one built by hand.
enum DemoCatalog {
    static var products: [ProductInput] {
        [
            product("VPS Starter", type: "vps", cores: 2, ram: 4, storage: 80, monthly: "9.99", quarterly: "27.99", yearly: "99.00",
                    location: "Frankfurt", region: "eu-central", module: "demo", config: ["delay_ms": .number(1500)]),
            product("VPS Pro", type: "vps", cores: 4, ram: 16, storage: 320, monthly: "29.99", quarterly: "84.99", yearly: "299.00",
                    location: "Amsterdam", region: "eu-west", module: "demo", config: ["delay_ms": .number(2500)]),
            product("Dedicated EPYC 7543", type: "dedicated", cores: 32, ram: 256, storage: 3840, monthly: "249.00", quarterly: nil, yearly: "2690.00",
                    location: "Frankfurt", region: "eu-central", module: "demo", config: ["delay_ms": .number(4000)], stock: 5, setup: "99.00"),
            product("VPS Flaky (demo failures)", type: "vps", cores: 1, ram: 2, storage: 40, monthly: "4.99", quarterly: nil, yearly: nil,
                    location: "Helsinki", region: "eu-north", module: "demo",
                    config: ["delay_ms": .number(1000), "fail_actions": .array([.string("create")])]),
            product("Dedicated Custom (manual build)", type: "dedicated", cores: 16, ram: 128, storage: 2000, monthly: "189.00", quarterly: nil,
                    yearly: nil, location: "Amsterdam", region: "eu-west", module: "manual", config: [:], stock: 2, setup: "149.00"),
        ]
    }

    private static func product(
        _ name: String, type: String, cores: Int, ram: Int, storage: Int, monthly: String, quarterly: String?, yearly: String?,
        location: String, region: String, module: String, config: [String: JSONValue], stock: Int? = nil, setup: String = "0.00"
    ) -> ProductInput {
        var input = ProductInput()
        input.scalars = [
            "name": name, "server_type": type, "cpu_cores": String(cores), "ram_gb": String(ram), "storage_gb": String(storage),
            "storage_type": "nvme", "bandwidth_tb": type == "vps" ? "2" : "20", "price_monthly": monthly, "price_quarterly": quarterly,
            "price_yearly": yearly, "setup_fee": setup, "datacenter_location": location, "region": region,
            "provisioning_type": module == "manual" ? "manual" : "automated", "provisioning_module": module, "provider": module,
            "stock_count": stock.map(String.init), "description": "Demo product served by the \(module) module.",
        ]
        input.lists["available_os"] = ["debian-12", "ubuntu-24.04", "rocky-9"]
        input.lists["features"] = ["DDoS protection", "Daily snapshots"]
        input.objects["module_config"] = .object(config)
        return input
    }
}
