/// The API's OpenAPI 3 document, served at `/openapi.yaml`. A test holds it to the router: every
/// route is described here and everything described here is routed.
public enum OpenAPIDocument {
    public static let yaml = #"""
        openapi: 3.0.3
        info:
          title: PlateProof
          version: "1"
          description: >
            Photo claims of low-carbon actions (a finished, clean plate), verified once and paid once.
            Every error is JSON with a stable `code` and a human `message`.
        servers:
          - url: /
        security:
          - bearer: []
        paths:
          /healthz:
            get:
              summary: Whether the database and the blob store take writes (checked at most every 2 s).
              security: []
              responses:
                "200": {description: Healthy, content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
                "503": {description: A check failed (its field says why), content: {application/json: {schema: {$ref: "#/components/schemas/Health"}}}}
          /metrics:
            get:
              summary: Prometheus metrics, names prefixed plateproof_.
              security: []
              responses:
                "200": {description: Prometheus text format, content: {text/plain: {schema: {type: string}}}}
          /openapi.yaml:
            get:
              summary: This document.
              security: []
              responses:
                "200": {description: OpenAPI document, content: {application/yaml: {schema: {type: string}}}}
          /v1/claims:
            post:
              summary: Submit a photo claim (uploader role).
              description: >
                multipart/form-data with `photo`, `account` and `activity`, or a raw image/jpeg or image/png
                body with `account` and `activity` in the query. A site-scoped key's claims belong to its
                site; a platform-wide key names one with `site` (default: `default`). An unknown site, or another
                site than the key's, is a 404; a deactivated one a 409 `site_inactive`. The same Idempotency-Key returns the same
                claim; the same key with other content is a 409. The photo's header is read before anything is
                stored: a JPEG or PNG the decoder refuses (damaged, no frame, more pixels than the limits) is a 422
                with the decoder's code (`truncated`, `corrupt`, `too_large`); more bytes than the limit is a 413.
                When the memory for uploads being read is spent, or storage cannot be written, it is a 503 with
                Retry-After (`busy`, `unavailable`).
              parameters:
                - {name: Idempotency-Key, in: header, required: false, schema: {type: string, minLength: 1, maxLength: 200}}
                - {name: account, in: query, required: false, schema: {$ref: "#/components/schemas/Identifier"}}
                - {name: activity, in: query, required: false, schema: {$ref: "#/components/schemas/Identifier"}}
                - {$ref: "#/components/parameters/Site"}
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [photo, account]
                      properties:
                        photo: {type: string, format: binary}
                        account: {$ref: "#/components/schemas/Identifier"}
                        activity: {$ref: "#/components/schemas/Identifier"}
                        site: {$ref: "#/components/schemas/Identifier"}
                  image/jpeg: {schema: {type: string, format: binary}}
                  image/png: {schema: {type: string, format: binary}}
              responses:
                "202":
                  description: Queued (or the stored claim, for a repeated key)
                  headers: {Location: {schema: {type: string}}}
                  content: {application/json: {schema: {$ref: "#/components/schemas/Claim"}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "415": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "503": {$ref: "#/components/responses/Error"}
          /v1/claims/{id}:
            get:
              summary: A claim and where it stands.
              parameters: [{$ref: "#/components/parameters/ClaimID"}]
              responses:
                "200": {description: The claim, content: {application/json: {schema: {$ref: "#/components/schemas/Claim"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/claims/{id}/evidence:
            get:
              summary: The claim's evidence image (small, metadata-free JPEG).
              parameters: [{$ref: "#/components/parameters/ClaimID"}]
              responses:
                "200": {description: JPEG, content: {image/jpeg: {schema: {type: string, format: binary}}}}
                "304": {description: Not modified (If-None-Match)}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/claims/{id}/overlay:
            get:
              summary: What the verifier saw on the claim's photo (JPEG), kept for the claims it did not approve.
              description: >
                The analysis image with each dish outlined (green) and the inner rim its residue is measured
                within (yellow), the edges of its clean zones (cyan), cutlery left out (blue), residue and food
                elsewhere (red), and tableware no dish explains (magenta). A claim the machine approved has none (404 no_overlay).
              parameters: [{$ref: "#/components/parameters/ClaimID"}]
              responses:
                "200": {description: JPEG, content: {image/jpeg: {schema: {type: string, format: binary}}}}
                "304": {description: Not modified (If-None-Match)}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/claims/{id}/decision:
            post:
              summary: A moderator's decision on a flagged claim or a quality-control sample (moderator role).
              description: >
                Credits or rejects exactly as the worker would; a quality-control answer moves credits only
                when it overturns the machine. A claim that waits for no decision answers 409. The review
                page posts the same as a form (with its session's csrf token) and is redirected back.
              parameters: [{$ref: "#/components/parameters/ClaimID"}]
              requestBody:
                required: true
                content:
                  application/json: {schema: {$ref: "#/components/schemas/DecisionRequest"}}
                  application/x-www-form-urlencoded:
                    schema:
                      allOf: [{$ref: "#/components/schemas/DecisionRequest"}]
                      properties: {csrf: {type: string}}
              responses:
                "200": {description: Decided, content: {application/json: {schema: {$ref: "#/components/schemas/Decision"}}}}
                "303": {description: Decided (form); back to the review page}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /v1/accounts/{id}:
            get:
              summary: An account's balance and ledger entries, oldest first, paged.
              parameters:
                - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/Identifier"}}
                - {$ref: "#/components/parameters/After"}
                - {$ref: "#/components/parameters/Limit"}
                - {$ref: "#/components/parameters/Site"}
              responses:
                "200": {description: The account (balance 0 when it has no entries), content: {application/json: {schema: {$ref: "#/components/schemas/Account"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/households/{id}:
            get:
              summary: A household's members and summed balance.
              parameters:
                - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/Identifier"}}
                - {$ref: "#/components/parameters/Site"}
              responses:
                "200": {description: The household, content: {application/json: {schema: {$ref: "#/components/schemas/Household"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/leaderboard:
            get:
              summary: One site's accounts ranked by credits earned in its current day, week or month.
              parameters:
                - {$ref: "#/components/parameters/Site"}
                - {name: period, in: query, required: false, schema: {type: string, enum: [day, week, month], default: week}}
                - {name: group, in: query, required: false, schema: {$ref: "#/components/schemas/Identifier"}}
                - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000, default: 20}}
              responses:
                "200": {description: The ranking, content: {application/json: {schema: {$ref: "#/components/schemas/Leaderboard"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/events:
            get:
              summary: Decisions after a cursor, oldest first; poll with the last next_after.
              description: A site-scoped key gets its site's; a platform-wide key every site's, or `site`'s.
              parameters:
                - {$ref: "#/components/parameters/After"}
                - {$ref: "#/components/parameters/Limit"}
                - {$ref: "#/components/parameters/Site"}
              responses:
                "200": {description: Events, content: {application/json: {schema: {$ref: "#/components/schemas/Events"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/sites:
            post:
              summary: Create a site (platform-wide admin).
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/SiteRequest"}}}
              responses:
                "201": {description: Created, content: {application/json: {schema: {$ref: "#/components/schemas/Site"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
            get:
              summary: The sites the key may act for (a site-scoped key, its own).
              responses:
                "200": {description: Sites, content: {application/json: {schema: {$ref: "#/components/schemas/Sites"}}}}
                "401": {$ref: "#/components/responses/Error"}
          /v1/sites/{id}:
            get:
              summary: A site, its time zone and its catalogue (null for the platform's).
              parameters: [{$ref: "#/components/parameters/SiteID"}]
              responses:
                "200": {description: The site, content: {application/json: {schema: {$ref: "#/components/schemas/Site"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/sites/{id}/catalogue:
            put:
              summary: Replace a site's activity catalogue (admin of the site, or platform-wide).
              description: "A catalogue that is not valid is a 422 naming the `field`; `{\"activities\": null}` goes back to the platform's."
              parameters: [{$ref: "#/components/parameters/SiteID"}]
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/Catalogue"}}}
              responses:
                "200": {description: The site, content: {application/json: {schema: {$ref: "#/components/schemas/Site"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
          /v1/sites/{id}/deactivate:
            post:
              summary: Deactivate a site (platform-wide admin); it takes no uploads, its history stays readable.
              parameters: [{$ref: "#/components/parameters/SiteID"}]
              responses:
                "200": {description: The site, content: {application/json: {schema: {$ref: "#/components/schemas/Site"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "409": {$ref: "#/components/responses/Error"}
          /v1/sites/{id}/plates:
            post:
              summary: Enrol a plate model from 3-10 photos of it clean (admin of the site, or platform-wide).
              description: >
                A canteen's plate model, learnt once: later claims at the site whose dish matches it are
                measured against it, and name it in `plate_profile` (`name@version`). Enrolling a name again
                makes its next version. Refused with a 422 and its code when a photo cannot be read or judged
                (`photo_unusable`), shows no plate (`plate_not_found`), two photos are the same shot
                (`duplicate_photos`), one holds something the others do not (`photo_holds_food`), they do not
                show one model (`photos_disagree`), or there are not 3-10 (`enrolment_photo_count`).
              parameters: [{$ref: "#/components/parameters/SiteID"}]
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [name, photo]
                      properties:
                        name: {type: string, pattern: "^[A-Za-z0-9._-]{1,64}$"}
                        photo: {type: array, minItems: 3, maxItems: 10, items: {type: string, format: binary}}
              responses:
                "201": {description: Enrolled, content: {application/json: {schema: {$ref: "#/components/schemas/PlateModel"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "415": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
                "503": {$ref: "#/components/responses/Error"}
            get:
              summary: The site's plate models in use, the latest version of each.
              parameters: [{$ref: "#/components/parameters/SiteID"}]
              responses:
                "200": {description: Plate models, content: {application/json: {schema: {$ref: "#/components/schemas/PlateModels"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/sites/{id}/plates/{name}:
            get:
              summary: A plate model in use, with what was learnt of it (`aspect`, `size_range`).
              parameters: [{$ref: "#/components/parameters/SiteID"}, {$ref: "#/components/parameters/PlateName"}]
              responses:
                "200": {description: The model, content: {application/json: {schema: {$ref: "#/components/schemas/PlateModel"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
            delete:
              summary: Stop using a plate model (admin); later verdicts fall back to the general rules, past ones keep naming it.
              parameters: [{$ref: "#/components/parameters/SiteID"}, {$ref: "#/components/parameters/PlateName"}]
              responses:
                "204": {description: Removed}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/webhooks:
            post:
              summary: Register an endpoint that receives events as signed POSTs (admin role).
              description: >
                The secret is in this answer only. Each delivery carries `PlateProof-Event-Id` and
                `PlateProof-Signature: t=UNIX,v1=HEX`, HEX being HMAC-SHA256 with the secret over `UNIX + "." + body`.
                URLs must be https and may not name an internal address (422 invalid_webhook, naming the field).
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/WebhookRequest"}}}
              responses:
                "201":
                  description: Registered, with its secret
                  content: {application/json: {schema: {$ref: "#/components/schemas/Webhook"}}}
                  links:
                    show: {operationRef: "#/paths/~1v1~1webhooks~1{id}/get", parameters: {id: "$response.body#/id"}}
                    change: {operationRef: "#/paths/~1v1~1webhooks~1{id}/patch", parameters: {id: "$response.body#/id"}}
                    remove: {operationRef: "#/paths/~1v1~1webhooks~1{id}/delete", parameters: {id: "$response.body#/id"}}
                    disable: {operationRef: "#/paths/~1v1~1webhooks~1{id}~1disable/post", parameters: {id: "$response.body#/id"}}
                    rotate: {operationRef: "#/paths/~1v1~1webhooks~1{id}~1rotate/post", parameters: {id: "$response.body#/id"}}
                    deliveries: {operationRef: "#/paths/~1v1~1webhooks~1{id}~1deliveries/get", parameters: {id: "$response.body#/id"}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
            get:
              summary: Every endpoint (admin role).
              responses:
                "200": {description: Endpoints, content: {application/json: {schema: {$ref: "#/components/schemas/Webhooks"}}}}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
          /v1/webhooks/{id}:
            get:
              summary: One endpoint (admin role).
              parameters: [{$ref: "#/components/parameters/WebhookID"}]
              responses:
                "200": {description: The endpoint, content: {application/json: {schema: {$ref: "#/components/schemas/Webhook"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
            patch:
              summary: Change an endpoint's URL, event types, description or status (admin role).
              parameters: [{$ref: "#/components/parameters/WebhookID"}]
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: "#/components/schemas/WebhookUpdate"}}}
              responses:
                "200": {description: Changed, content: {application/json: {schema: {$ref: "#/components/schemas/Webhook"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
                "422": {$ref: "#/components/responses/Error"}
            delete:
              summary: Remove an endpoint with its deliveries (admin role).
              parameters: [{$ref: "#/components/parameters/WebhookID"}]
              responses:
                "204": {description: Removed}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/webhooks/{id}/disable:
            post:
              summary: Stop delivering to an endpoint; its deliveries wait (PATCH status active resumes them).
              parameters: [{$ref: "#/components/parameters/WebhookID"}]
              responses:
                "200": {description: Disabled, content: {application/json: {schema: {$ref: "#/components/schemas/Webhook"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/webhooks/{id}/rotate:
            post:
              summary: A new secret, in this answer only; the old one is signed with too for 24 hours.
              parameters: [{$ref: "#/components/parameters/WebhookID"}]
              responses:
                "200": {description: Rotated, content: {application/json: {schema: {$ref: "#/components/schemas/Webhook"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/webhooks/{id}/deliveries:
            get:
              summary: An endpoint's deliveries, newest first, each with its attempts (status, latency, first bytes of the answer).
              parameters:
                - {$ref: "#/components/parameters/WebhookID"}
                - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
              responses:
                "200": {description: Deliveries, content: {application/json: {schema: {$ref: "#/components/schemas/Deliveries"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /v1/webhooks/{id}/deliveries/{delivery}/resend:
            post:
              summary: Send a delivery again now, with a new 3-day retry window (a failed one, or one delivered long ago).
              parameters:
                - {$ref: "#/components/parameters/WebhookID"}
                - {name: delivery, in: path, required: true, schema: {type: integer, format: int64, minimum: 1}}
              responses:
                "200": {description: Queued, content: {application/json: {schema: {$ref: "#/components/schemas/Delivery"}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
          /review:
            get:
              summary: The moderators' review page (HTML); without a key, the sign-in form.
              responses:
                "200": {description: The page, content: {text/html: {schema: {type: string}}}}
                "401": {description: Sign-in form, content: {text/html: {schema: {type: string}}}}
                "403": {description: Not a moderator's key, content: {text/html: {schema: {type: string}}}}
          /review/plates:
            get:
              summary: The site's plate models (HTML) and its approved claims of other plates, to use as a plate model.
              parameters: [{$ref: "#/components/parameters/Site"}]
              responses:
                "200": {description: The page, content: {text/html: {schema: {type: string}}}}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
            post:
              summary: Enrol the ticked approved claims' photos as a plate model (admin of the site; the form carries the session's csrf token).
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      required: [site, name, claim]
                      properties:
                        csrf: {type: string}
                        site: {$ref: "#/components/schemas/Identifier"}
                        name: {type: string, pattern: "^[A-Za-z0-9._-]{1,64}$"}
                        claim: {type: array, items: {type: integer, format: int64}, description: 3 to 10 approved claims of the site}
              responses:
                "303": {description: Enrolled; to the page, naming the model}
                "400": {$ref: "#/components/responses/Error"}
                "401": {$ref: "#/components/responses/Error"}
                "403": {$ref: "#/components/responses/Error"}
                "404": {$ref: "#/components/responses/Error"}
                "422": {description: "Refused: the page again, with the reason (its code, such as duplicate_photos)", content: {text/html: {schema: {type: string}}}}
          /review/login:
            get:
              summary: The sign-in form.
              security: []
              responses:
                "200": {description: The form, content: {text/html: {schema: {type: string}}}}
            post:
              summary: Sign in with a moderator key; sets an HTTP-only, SameSite=Strict session cookie.
              security: []
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, required: [key], properties: {key: {type: string}}}
              responses:
                "303": {description: Signed in; to the review page}
                "401": {description: Not a valid key, content: {text/html: {schema: {type: string}}}}
                "403": {description: Not a moderator's key, content: {text/html: {schema: {type: string}}}}
                "413": {$ref: "#/components/responses/Error"}
          /review/logout:
            post:
              summary: Sign out (the form carries the session's csrf token).
              security: []
              requestBody:
                required: false
                content:
                  application/x-www-form-urlencoded:
                    schema: {type: object, properties: {csrf: {type: string}}}
              responses:
                "303": {description: Signed out; to the sign-in form}
                "403": {$ref: "#/components/responses/Error"}
                "413": {$ref: "#/components/responses/Error"}
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          parameters:
            ClaimID: {name: id, in: path, required: true, schema: {type: integer, format: int64, minimum: 1}}
            WebhookID: {name: id, in: path, required: true, schema: {type: string, pattern: "^[a-z0-9_]{1,64}$"}}
            After: {name: after, in: query, required: false, schema: {type: integer, format: int64, minimum: 0, default: 0}}
            Limit: {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
            Site: {name: site, in: query, required: false, description: "The site, for a platform-wide key (default: default)", schema: {$ref: "#/components/schemas/Identifier"}}
            SiteID: {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/Identifier"}}
            PlateName: {name: name, in: path, required: true, schema: {type: string, pattern: "^[A-Za-z0-9._-]{1,64}$"}}
          responses:
            Error:
              description: An error with a stable code
              content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
          schemas:
            Identifier: {type: string, minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9._:@-]+$", description: "letters, digits and . _ : @ -"}
            Error:
              type: object
              required: [code, message]
              properties: {code: {type: string}, message: {type: string}, field: {type: string, description: The request field at fault}}
            Claim:
              type: object
              required: [claim_id, site, account, activity, status, reasons, credits, plate_profile, matches, matches_elsewhere, claimed_at]
              properties:
                claim_id: {type: integer, format: int64}
                site: {type: string}
                account: {type: string}
                activity: {type: string}
                status: {type: string, enum: [queued, processing, approved, rejected, review]}
                decision: {type: string, enum: [approve, reject, review]}
                score: {type: number}
                reasons: {type: array, items: {type: string}}
                credits: {type: integer, format: int64}
                heuristic_version: {type: string}
                phash: {type: string}
                evidence_sha256: {type: string}
                overlay_sha256: {type: string}
                plate_profile: {type: string, nullable: true, description: "The site's plate model the verdict was measured against (name@version); null when none matched"}
                matches: {type: array, items: {type: integer, format: int64}, description: Earlier claims of the photo the caller may see}
                matches_elsewhere: {type: integer, description: How many are at sites the caller may not see}
                claimed_at: {type: integer, format: int64, description: Unix seconds}
                decided_at: {type: integer, format: int64, description: Unix seconds}
            DecisionRequest:
              type: object
              required: [decision, reason]
              properties:
                decision: {type: string, enum: [approve, reject]}
                reason: {type: string, pattern: "^[a-z0-9_]{1,40}$"}
            Decision:
              type: object
              required: [claim, kind, ledger_entries_written]
              properties:
                claim: {$ref: "#/components/schemas/Claim"}
                kind: {type: string, enum: [review, qa]}
                agreed_with_machine: {type: boolean}
                ledger_entries_written: {type: integer}
            LedgerEntry:
              type: object
              required: [kind, amount, reason, created_at]
              properties:
                entry_id: {type: integer, format: int64}
                kind: {type: string, enum: [claim_credit, reversal, adjustment]}
                amount: {type: integer, format: int64}
                claim_id: {type: integer, format: int64}
                reason: {type: string}
                created_at: {type: integer, format: int64}
            Account:
              type: object
              required: [site, account, balance, entries]
              properties:
                site: {type: string}
                account: {type: string}
                balance: {type: integer, format: int64}
                entries: {type: array, items: {$ref: "#/components/schemas/LedgerEntry"}}
                next_after: {type: integer, format: int64, description: Cursor of the next page, when there may be one}
            Household:
              type: object
              required: [site, household, members, balance]
              properties:
                site: {type: string}
                household: {type: string}
                members: {type: array, items: {type: string}}
                balance: {type: integer, format: int64}
            Leaderboard:
              type: object
              required: [site, period, since, entries]
              properties:
                site: {type: string}
                period: {type: string}
                group: {type: string}
                since: {type: integer, format: int64}
                entries:
                  type: array
                  items:
                    type: object
                    required: [rank, account, credits]
                    properties: {rank: {type: integer}, account: {type: string}, credits: {type: integer, format: int64}}
            Catalogue:
              type: object
              required: [activities]
              properties:
                utc_offset_hours: {type: number, description: Not in a site's catalogue (its days follow its time zone)}
                activities:
                  type: array
                  nullable: true
                  items:
                    type: object
                    required: [id, credits]
                    properties:
                      id: {$ref: "#/components/schemas/Identifier"}
                      credits: {type: integer, format: int64, minimum: 0}
                      daily_cap: {type: integer, minimum: 0}
                      allowed_hours: {type: array, items: {type: integer, minimum: 0, maximum: 24}, minItems: 2, maxItems: 2}
            SiteRequest:
              type: object
              required: [id]
              properties:
                id: {$ref: "#/components/schemas/Identifier"}
                name: {type: string, minLength: 1, maxLength: 200}
                time_zone: {type: string, description: "A zone name (Asia/Shanghai) or an offset (+08:00)"}
                catalogue: {$ref: "#/components/schemas/Catalogue"}
            Site:
              type: object
              required: [site, name, active, created_at]
              properties:
                site: {type: string}
                name: {type: string}
                time_zone: {type: string}
                utc_offset_hours: {type: number}
                active: {type: boolean}
                created_at: {type: integer, format: int64}
                catalogue: {$ref: "#/components/schemas/Catalogue"}
            Sites:
              type: object
              required: [sites]
              properties: {sites: {type: array, items: {$ref: "#/components/schemas/Site"}}}
            PlateModel:
              type: object
              required: [site, name, version, photos, kind, reference, created_at]
              properties:
                site: {type: string}
                name: {type: string}
                version: {type: integer, minimum: 1}
                photos: {type: integer}
                kind: {type: string, enum: [round, tray]}
                reference: {type: string, description: "name@version, as verdicts name it in plate_profile"}
                created_at: {type: integer, format: int64}
                aspect: {type: number, description: Minor over major semi-axis of the outline (1 seen from above)}
                size_range: {type: array, items: {type: number}, minItems: 2, maxItems: 2, description: "Major semi-axis over the analysis image's long side, smallest and largest seen"}
            PlateModels:
              type: object
              required: [plates]
              properties: {plates: {type: array, items: {$ref: "#/components/schemas/PlateModel"}}}
            Events:
              type: object
              required: [events, next_after]
              properties:
                next_after: {type: integer, format: int64}
                events:
                  type: array
                  items:
                    type: object
                    required: [event_id, type, claim_id, site, account, status, decided_by, at]
                    properties:
                      event_id: {type: integer, format: int64}
                      type: {$ref: "#/components/schemas/EventType"}
                      claim_id: {type: integer, format: int64}
                      site: {type: string}
                      account: {type: string}
                      status: {type: string, enum: [queued, processing, approved, rejected, review]}
                      decided_by: {type: string}
                      at: {type: integer, format: int64}
            EventType:
              type: string
              enum: [claim.approved, claim.rejected, claim.review, claim.decided_by_moderator, claim.reverified, ledger.entry_created]
            WebhookRequest:
              type: object
              required: [url, events]
              properties:
                url: {type: string, pattern: "^https://", description: "https://, not an internal address"}
                events: {type: array, minItems: 1, items: {$ref: "#/components/schemas/EventType"}}
                description: {type: string, maxLength: 500}
                site: {$ref: "#/components/schemas/Identifier"}
            WebhookUpdate:
              type: object
              properties:
                url: {type: string}
                events: {type: array, minItems: 1, items: {$ref: "#/components/schemas/EventType"}}
                description: {type: string, maxLength: 500}
                status: {type: string, enum: [active, disabled]}
            Webhook:
              type: object
              required: [id, url, events, description, status, created_at]
              properties:
                id: {type: string}
                url: {type: string}
                events: {type: array, items: {$ref: "#/components/schemas/EventType"}}
                description: {type: string}
                site: {type: string, description: The one site whose events it receives (absent for every site)}
                status: {type: string, enum: [active, disabled]}
                disabled_reason: {type: string}
                created_at: {type: integer, format: int64}
                failing_since: {type: integer, format: int64, description: Start of the current run of failed attempts}
                secret: {type: string, description: Only when just created or rotated}
                previous_secret_valid_until: {type: integer, format: int64}
            Webhooks:
              type: object
              required: [webhooks]
              properties: {webhooks: {type: array, items: {$ref: "#/components/schemas/Webhook"}}}
            Delivery:
              type: object
              required: [delivery_id, webhook_id, event_id, type, state, attempts, queued_at]
              properties:
                delivery_id: {type: integer, format: int64}
                webhook_id: {type: string}
                event_id: {type: integer, format: int64}
                type: {$ref: "#/components/schemas/EventType"}
                state: {type: string, enum: [pending, delivered, failed]}
                next_attempt_at: {type: integer, format: int64}
                queued_at: {type: integer, format: int64}
                delivered_at: {type: integer, format: int64}
                attempts:
                  type: array
                  items:
                    type: object
                    required: [at, latency_ms, response]
                    properties:
                      at: {type: integer, format: int64}
                      status_code: {type: integer}
                      error: {type: string}
                      latency_ms: {type: integer, format: int64}
                      response: {type: string}
            Deliveries:
              type: object
              required: [deliveries]
              properties: {deliveries: {type: array, items: {$ref: "#/components/schemas/Delivery"}}}
            Health:
              type: object
              required: [status, database, blobs]
              properties:
                status: {type: string, enum: [ok, degraded]}
                database: {type: string}
                blobs: {type: string}
                queue_depth: {type: integer}
        """#
}
