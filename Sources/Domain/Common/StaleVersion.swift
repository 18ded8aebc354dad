/// The conflict of an edit based on an old version: carries the current state to show what changed.
public enum StaleVersion: Error, Sendable {
    case product(Product)
    case order(Order)
    case customer(Customer)
    case server(ServerInstance)

    public var currentVersion: Int {
        switch self {
        case .product(let product): return product.version
        case .order(let order): return order.version
        case .customer(let customer): return customer.version
        case .server(let server): return server.version
        }
    }
}
