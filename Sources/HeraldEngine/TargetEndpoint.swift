import HeraldCatalog
import HeraldDelivery

/// Where a target's requests go, resolved from its ARN into the delivery layer's types.
///
/// - An `http://` or `https://` URL as the target `Arn` is a Herald extension: a plain HTTP endpoint (POST, no
///   connection, not rate limited).
/// - An API destination ARN resolves to the destination (endpoint, method, rate limit) and its connection (auth and
///   invocation parameters; OAuth tokens cached per connection).
/// - Anything else, a destination/connection that no longer exists, or a deauthorized connection, is `unavailable`:
///   every matching event is dead-lettered at once with the reason, as EventBridge fails such invocations.
struct TargetEndpoint: Sendable {
    let destination: HeraldDelivery.ApiDestination?
    let connection: HeraldDelivery.Connection?
    let httpParameters: TargetHttpParameters
    let transport: any DeliveryTransport
    let limiter: RateLimiter<ContinuousClock>?
    let unavailable: String?

    init(target: Target, snapshot: CatalogSnapshot, resources: EngineResources) {
        httpParameters = TargetHttpParameters(
            pathParameterValues: target.httpParameters?.pathParameterValues ?? [],
            headerParameters: target.httpParameters?.headerParameters ?? [:],
            queryStringParameters: target.httpParameters?.queryStringParameters ?? [:])
        var destination: HeraldDelivery.ApiDestination?
        var converted: HeraldDelivery.Connection?
        var transport = resources.transport
        var limiter: RateLimiter<ContinuousClock>?
        var unavailable: String?
        do throws(RequestBuildError) {
            if target.arn.hasPrefix("http://") || target.arn.hasPrefix("https://") {
                destination = try HeraldDelivery.ApiDestination(name: target.id, invocationEndpoint: target.arn)
                if let paced = Self.providerRate(for: target, url: target.arn) {
                    limiter = resources.limiter(for: target.arn, rate: paced)
                }
            } else if target.arn.contains(":api-destination/") {
                if let resolved = snapshot.apiDestination(arn: target.arn) {
                    if let connection = snapshot.connection(arn: resolved.connectionArn), connection.state == .deauthorized {
                        unavailable = "connection \(connection.name) is deauthorized: UpdateConnection with its credentials authorizes it again (then redrive the dead letters)"
                    } else if let connection = snapshot.connection(arn: resolved.connectionArn) {
                        destination = try HeraldDelivery.ApiDestination(
                            name: resolved.name, invocationEndpoint: resolved.invocationEndpoint, httpMethod: resolved.httpMethod,
                            invocationRateLimitPerSecond: resolved.invocationRateLimitPerSecond)
                        converted = Self.convert(connection)
                        transport = resources.transport(for: connection.arn, connection: Self.convert(connection))
                        let rate = min(Double(resolved.invocationRateLimitPerSecond), Self.providerRate(for: target, url: resolved.invocationEndpoint) ?? .infinity)
                        limiter = resources.limiter(for: resolved.arn, rate: rate)
                    } else {
                        unavailable = "connection \(resolved.connectionArn) does not exist"
                    }
                } else {
                    unavailable = "API destination \(target.arn) does not exist"
                }
            } else {
                unavailable = "Herald cannot deliver to \(target.arn): use an API destination or an http(s) URL"
            }
        } catch {
            unavailable = error.description
        }
        self.destination = unavailable == nil ? destination : nil
        self.connection = converted
        self.transport = transport
        self.limiter = limiter
        self.unavailable = unavailable
    }

    /// The pace a recognised chat provider's documented limit allows (DingTalk robot 20/min, Lark/Feishu bot 5/s and
    /// 100/min, Slack webhook 1/s), with a 5% margin, as one token bucket (burst 1): exceeding DingTalk's limit
    /// throttles the robot for 10 minutes, so Herald stays under it rather than relying on retries. `nil` for other
    /// endpoints (a plain URL is not rate limited; an API destination keeps its `InvocationRateLimitPerSecond`).
    static func providerRate(_ url: String) -> Double? {
        ChannelResponseClassifier.forEndpoint(url)?.preset.rateLimit.sustainedPerSecond.map { $0 * 0.95 }
    }

    /// The delivery layer's connection for a catalog connection (secrets included; never logged).
    static func convert(_ connection: HeraldCatalog.Connection) -> HeraldDelivery.Connection {
        let parameters = connection.authParameters
        let authorization: ConnectionAuthorization
        switch connection.authorizationType {
        case .apiKey:
            authorization = .apiKey(
                name: parameters.apiKeyAuthParameters?.apiKeyName ?? "x-api-key",
                value: Secret(parameters.apiKeyAuthParameters?.apiKeyValue ?? ""))
        case .basic:
            authorization = .basic(
                username: parameters.basicAuthParameters?.username ?? "",
                password: Secret(parameters.basicAuthParameters?.password ?? ""))
        case .oauthClientCredentials:
            let oauth = parameters.oauthParameters
            authorization = .oauthClientCredentials(
                OAuthClientCredentials(
                    authorizationEndpoint: oauth?.authorizationEndpoint ?? "", httpMethod: oauth?.httpMethod ?? "POST",
                    clientID: oauth?.clientParameters?.clientID ?? "",
                    clientSecret: Secret(oauth?.clientParameters?.clientSecret ?? ""),
                    oauthHttpParameters: convert(oauth?.oauthHttpParameters)))
        }
        return HeraldDelivery.Connection(
            name: connection.name, authorization: authorization,
            invocationHttpParameters: convert(parameters.invocationHttpParameters))
    }

    private static func convert(_ parameters: HeraldCatalog.ConnectionHttpParameters?) -> HeraldDelivery.ConnectionHttpParameters {
        func list(_ items: [ConnectionParameter]?) -> [HeraldDelivery.ConnectionHttpParameters.Parameter] {
            (items ?? []).compactMap { item in
                guard let key = item.key else { return nil }
                return .init(key: key, value: item.value ?? "", isValueSecret: item.isValueSecret ?? false)
            }
        }
        return HeraldDelivery.ConnectionHttpParameters(
            headerParameters: list(parameters?.headerParameters), queryStringParameters: list(parameters?.queryStringParameters),
            bodyParameters: list(parameters?.bodyParameters))
    }
}
