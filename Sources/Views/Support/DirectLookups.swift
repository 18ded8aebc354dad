import Mustache

// Hot view models answer Mustache's name lookups directly instead of through Mirror,
// which reflects every stored property on every lookup.

extension LayoutModel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "bodyClass": return bodyClass
        case "navigation": return navigation
        case "body": return body
        case "productName": return productName
        default: return nil
        }
    }
}

extension Navigation: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "userName": return userName
        case "userEmail": return userEmail
        case "roleLabel": return roleLabel
        case "csrfToken": return csrfToken
        case "links": return links
        default: return nil
        }
    }
}

extension Navigation.Link: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": return label
        case "href": return href
        case "isCurrent": return isCurrent
        default: return nil
        }
    }
}

extension MyServersPage: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "rows": return rows
        case "isEmpty": return isEmpty
        case "nextHref": return nextHref
        default: return nil
        }
    }
}

extension MyServersPage.Row: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "hostname": return hostname
        case "status": return status
        case "statusLabel": return statusLabel
        case "ipAddress": return ipAddress
        case "specs": return specs
        case "location": return location
        case "operatingSystem": return operatingSystem
        case "since": return since
        default: return nil
        }
    }
}

extension ServerListPage: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "rows": return rows
        case "isEmpty": return isEmpty
        case "statuses": return statuses
        case "filters": return filters
        case "error": return error
        case "nextHref": return nextHref
        default: return nil
        }
    }
}

extension ServerListPage.Row: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "hostname": return hostname
        case "ipAddress": return ipAddress
        case "status": return status
        case "customerID": return customerID
        case "customerEmail": return customerEmail
        case "product": return product
        case "location": return location
        case "created": return created
        default: return nil
        }
    }
}

extension ServerListPage.Filters: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "status": return status
        case "customerID": return customerID
        case "productID": return productID
        case "location": return location
        case "search": return search
        default: return nil
        }
    }
}
