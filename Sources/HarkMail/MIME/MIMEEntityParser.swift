/// Builds the MIME tree of a message within the depth and part limits.
enum MIMEEntityParser {
    /// Parses `bytes` as an entity (header section and body) at `depth` (0 for the message); a message
    /// (the top one or an attached one) may start with an mbox `From ` line, which is skipped.
    static func parse(
        _ bytes: ArraySlice<UInt8>,
        depth: Int,
        path: String,
        defaultType: MIMEContentType,
        isMessage: Bool,
        context: inout ParseContext
    ) -> MIMEEntity {
        context.partCount += 1
        let (header, bodyStart) = HeaderSection.parse(bytes, skipMboxLine: isMessage, context: &context, part: path)
        let body = bytes[bodyStart...]
        var contentType = defaultType
        if let field = header.first("content-type") {
            if let parsed = MIMEContentType.parse(field.value) {
                contentType = parsed
            } else {
                context.record(.invalidContentType, part: path)
                contentType = .textPlain
            }
        }
        let encoding = TransferEncoding(header: header.first("content-transfer-encoding")?.value)
        var entity = MIMEEntity(
            header: header,
            contentType: contentType,
            transferEncoding: encoding,
            body: body,
            content: .leaf,
            path: path
        )

        switch contentType.type {
        case "multipart":
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
                context.record(.missingBoundaryParameter, part: path)
                entity.contentType = MIMEContentType(type: "text", subtype: "plain", parameters: contentType.parameters)
                return entity
            }
            guard depth < context.limits.depth else {
                context.record(.tooDeep, part: path, truncates: true)
                return entity
            }
            if encoding == .base64 || encoding == .quotedPrintable { context.record(.encodedContainer, part: path) }
            entity.content = .multipart(
                parseMultipart(body, boundary: boundary, entity: entity, depth: depth, context: &context)
            )
        case "message" where ["rfc822", "global", "news"].contains(contentType.subtype):
            guard depth < context.limits.depth else {
                context.record(.tooDeep, part: path, truncates: true)
                return entity
            }
            guard context.partCount < context.limits.parts else {
                context.record(.tooManyParts, part: path, truncates: true)
                return entity
            }
            let inner = encoding.decode(body, context: &context, part: path)
            let nested = parse(
                inner,
                depth: depth + 1,
                path: path + ".1",
                defaultType: .textPlain,
                isMessage: true,
                context: &context
            )
            entity.content = .message(nested)
        default:
            break
        }
        return entity
    }

    private static func parseMultipart(
        _ body: ArraySlice<UInt8>,
        boundary: String,
        entity: MIMEEntity,
        depth: Int,
        context: inout ParseContext
    ) -> MIMEMultipart {
        let room = max(0, context.limits.parts - context.partCount)
        let split = MultipartSplitter(body: body, boundary: boundary, crBreaks: context.crBreaks).split(maxParts: room)
        if !split.foundDelimiter {
            context.record(.missingBoundary, part: entity.path)
        } else if split.cut {
            context.record(.tooManyParts, part: entity.path, truncates: true)
        } else if !split.closed {
            context.record(.missingCloseBoundary, part: entity.path)
        }
        let childDefault: MIMEContentType = entity.contentType.subtype == "digest" ? .messageRFC822 : .textPlain
        var parts: [MIMEEntity] = []
        parts.reserveCapacity(split.parts.count)
        for (offset, bytes) in split.parts.enumerated() {
            guard context.partCount < context.limits.parts else {
                context.record(.tooManyParts, part: entity.path, truncates: true)
                break
            }
            let path = "\(entity.path).\(offset + 1)"
            parts.append(
                parse(
                    bytes,
                    depth: depth + 1,
                    path: path,
                    defaultType: childDefault,
                    isMessage: false,
                    context: &context
                )
            )
        }
        return MIMEMultipart(preamble: split.preamble, parts: parts, epilogue: split.epilogue)
    }
}
