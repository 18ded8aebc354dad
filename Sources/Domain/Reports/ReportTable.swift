/// One table of a report: typed columns, rows of cells, optional totals, and the charts drawn
/// from it. Pages, CSV downloads and JSON all render this one value, so they cannot disagree.
public struct ReportTable: Sendable, Encodable {
    /// What a column holds, which decides how it is written and aligned.
    public enum Kind: String, Sendable, Encodable {
        case text, day, count, money, percent
    }

    public struct Column: Sendable, Encodable {
        public let key: String
        public let label: String
        public let kind: Kind

        public init(_ key: String, _ label: String, _ kind: Kind) {
            self.key = key
            self.label = label
            self.kind = kind
        }
    }

    /// A chart of some columns against the label column, drawn beside the table.
    public struct Chart: Sendable, Encodable {
        public enum Style: String, Sendable, Encodable { case bar, stackedBar = "stacked_bar", line }
        public let title: String
        public let style: Style
        /// The column whose cells label the x axis (a day or text column).
        public let label: String
        /// The count or money columns drawn, one series each.
        public let series: [String]

        public init(_ title: String, _ style: Style, label: String, series: [String]) {
            self.title = title
            self.style = style
            self.label = label
            self.series = series
        }
    }

    /// A stable name within its report (`by_month`, `by_product`), used by `?table=` on the CSV.
    public let key: String
    public let title: String
    public let columns: [Column]
    public let rows: [[ReportCell]]
    public let totals: [ReportCell]?
    public let charts: [Chart]

    public init(key: String, title: String, columns: [Column], rows: [[ReportCell]], totals: [ReportCell]? = nil, charts: [Chart] = []) {
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
        self.totals = totals
        self.charts = charts
    }

    /// The index of column `key`.
    public func column(_ key: String) -> Int? { columns.firstIndex { $0.key == key } }
}
