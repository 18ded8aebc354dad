// Hot view models answer template lookups directly instead of through Mirror,
// which reflects every stored property on every lookup. Each switch answers every stored
// property by its name, exactly as reflection would: ViewsTests/DirectLookupParityTests
// compares both ways for every type listed there, and fails for a conformance not listed.

extension LayoutModel: TemplateObject {
    func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "title": return title.templateValue
        case "bodyClass": return bodyClass.templateValue
        case "head": return head.templateValue
        case "navigation": return navigation.templateValue
        case "body": return .markup(body)
        case "productName": return productName.templateValue
        default: return nil
        }
    }
}

extension PageHead: TemplateObject {
    /// Absent when the page adds nothing, so the layout's section renders nothing.
    public var templateValue: TemplateValue? { isEmpty ? nil : .object(self) }

    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "stylesheets": return stylesheets.templateValue
        case "scripts": return scripts.templateValue
        case "meta": return meta.templateValue
        case "refreshSeconds": return refreshSeconds.templateValue
        case "refreshURL": return refreshURL.templateValue
        default: return nil
        }
    }
}

extension PageHead.Meta: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "name": return self.name.templateValue
        case "content": return content.templateValue
        default: return nil
        }
    }
}

extension Navigation: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "userName": return userName.templateValue
        case "userEmail": return userEmail.templateValue
        case "roleLabel": return roleLabel.templateValue
        case "csrfToken": return csrfToken.templateValue
        case "links": return links.templateValue
        default: return nil
        }
    }
}

extension Navigation.Link: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "label": return label.templateValue
        case "href": return href.templateValue
        case "isCurrent": return isCurrent.templateValue
        default: return nil
        }
    }
}

extension MyServersPage: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "template": return template.templateValue
        case "title": return title.templateValue
        case "rows": return rows.templateValue
        case "isEmpty": return isEmpty.templateValue
        case "nextHref": return nextHref.templateValue
        default: return nil
        }
    }
}

extension MyServersPage.Row: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": return id.templateValue
        case "hostname": return hostname.templateValue
        case "status": return status.templateValue
        case "statusLabel": return statusLabel.templateValue
        case "ipAddress": return ipAddress.templateValue
        case "specs": return specs.templateValue
        case "location": return location.templateValue
        case "operatingSystem": return operatingSystem.templateValue
        case "since": return since.templateValue
        default: return nil
        }
    }
}

extension ServerListPage: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "template": return template.templateValue
        case "title": return title.templateValue
        case "rows": return rows.templateValue
        case "isEmpty": return isEmpty.templateValue
        case "statuses": return statuses.templateValue
        case "filters": return filters.templateValue
        case "error": return error.templateValue
        case "nextHref": return nextHref.templateValue
        default: return nil
        }
    }
}

extension ServerListPage.Row: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "id": return id.templateValue
        case "hostname": return hostname.templateValue
        case "ipAddress": return ipAddress.templateValue
        case "status": return status.templateValue
        case "customerID": return customerID.templateValue
        case "customerEmail": return customerEmail.templateValue
        case "product": return product.templateValue
        case "location": return location.templateValue
        case "created": return created.templateValue
        default: return nil
        }
    }
}

extension ServerListPage.Filters: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "status": return status.templateValue
        case "customerID": return customerID.templateValue
        case "productID": return productID.templateValue
        case "location": return location.templateValue
        case "search": return search.templateValue
        default: return nil
        }
    }
}

extension SelectOption: TemplateObject {
    public func templateValue(named name: String) -> TemplateValue? {
        switch name {
        case "value": return value.templateValue
        case "label": return label.templateValue
        case "isSelected": return isSelected.templateValue
        default: return nil
        }
    }
}
