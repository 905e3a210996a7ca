import Hummingbird

/// The query of an aggregate route (statistics, issues, trends): only the route's parameter names,
/// each value checked. A problem is one `400 bad_query` that names it (``InboxAPI/aggregate``).
struct AggregateQuery {
    struct Problem: Error {
        var message: String
    }

    let parameters: Parameters

    init(_ request: Request, known: Set<String>) throws(Problem) {
        parameters = request.uri.queryParameters
        if let unknown = parameters.first(where: { !known.contains(String($0.key)) }) {
            throw Problem(message: "unknown parameter \(String(unknown.key).prefix(40))")
        }
    }

    /// The raw value of `name`, if given.
    subscript(_ name: String) -> String? { parameters[Substring(name)].map(String.init) }

    /// `name` as a whole number within `range`, or `nil` when not given.
    func wholeNumber(_ name: String, in range: ClosedRange<Int>) throws(Problem) -> Int? {
        guard let raw = self[name] else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " to \(range.upperBound)"
            throw Problem(message: "\(name) must be a whole number from \(range.lowerBound)\(upper)")
        }
        return value
    }

    /// `name` as one of `T`'s values, or `nil` when not given; `expected` names them for the error.
    func value<T: RawRepresentable<String>>(_ name: String, _ type: T.Type, expected: String) throws(Problem) -> T? {
        guard let raw = self[name] else { return nil }
        guard let value = T(rawValue: raw) else { throw Problem(message: "\(name) must be \(expected)") }
        return value
    }
}

extension InboxAPI {
    /// An authenticated aggregate route: `body` reads its query (known names only); a problem
    /// with it is answered `400 bad_query`.
    func aggregate(
        _ request: Request, _ context: HarkRequestContext, known: Set<String>,
        _ body: (APICaller, AggregateQuery) async throws -> Response
    ) async -> Response {
        await authenticated(request, context) { caller in
            do {
                return try await body(caller, try AggregateQuery(request, known: known))
            } catch let problem as AggregateQuery.Problem {
                return JSONResponses.error(.badRequest, "bad_query", problem.message)
            }
        }
    }
}
