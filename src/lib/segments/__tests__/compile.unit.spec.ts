import {
  compileCount,
  compileSegment,
  compileSegmentCount,
  compileSegmentPredicate,
  operatorsForField,
  SEGMENT_FIELD_KEYS,
  SEGMENT_FIELDS,
  SegmentCondition,
  SegmentFieldSpec,
  SegmentRulesError,
  subtractRelative,
} from ".."

const now = new Date("2025-06-15T12:00:00.000Z")

/** The predicate's SQL and parameters, without the contacts it reads. */
function bare(...args: Parameters<typeof compileSegmentPredicate>) {
  const { sql, params } = compileSegmentPredicate(...args)
  return { sql, params }
}

/** One condition alone, as the bare predicate. */
const where = (cond: SegmentCondition | Record<string, unknown>, extra: { currency?: string } = {}) =>
  bare({ all: [cond] }, { now, ...extra })

describe("compileSegmentPredicate: every field family and operator", () => {
  // [condition, expected SQL, expected params]; now = 2025-06-15T12:00:00Z
  const cases: [Record<string, unknown>, string, unknown[]][] = [
    [{"field":"email","operator":"eq","value":"Anna@Example.com"},
      "c.email = $1::text",
      ["anna@example.com"]],
    [{"field":"email","operator":"neq","value":"a@b.dk"},
      "c.email <> $1::text",
      ["a@b.dk"]],
    [{"field":"email","operator":"in","value":["A@b.dk","c@d.dk"]},
      "c.email = ANY($1::text[])",
      [["a@b.dk","c@d.dk"]]],
    [{"field":"email","operator":"not_in","value":["a@b.dk"]},
      "c.email <> ALL($1::text[])",
      [["a@b.dk"]]],
    [{"field":"email","operator":"contains","value":"@Example.com"},
      "c.email LIKE $1::text",
      ["%@example.com%"]],
    [{"field":"email","operator":"starts_with","value":"100%_off\\"},
      "c.email LIKE $1::text",
      ["100\\%\\_off\\\\%"]],
    [{"field":"first_name","operator":"eq","value":"Anna"},
      "lower(c.first_name) = $1::text",
      ["anna"]],
    [{"field":"first_name","operator":"neq","value":"Anna"},
      "lower(c.first_name) IS DISTINCT FROM $1::text",
      ["anna"]],
    [{"field":"first_name","operator":"in","value":["Anna","BO"]},
      "lower(c.first_name) = ANY($1::text[])",
      [["anna","bo"]]],
    [{"field":"first_name","operator":"not_in","value":["Anna"]},
      "(lower(c.first_name) = ANY($1::text[])) IS NOT TRUE",
      [["anna"]]],
    [{"field":"last_name","operator":"contains","value":"O'Brien"},
      "lower(c.last_name) LIKE $1::text",
      ["%o'brien%"]],
    [{"field":"country_code","operator":"starts_with","value":"D"},
      "lower(c.country_code) LIKE $1::text",
      ["d%"]],
    [{"field":"phone","operator":"is_set"},
      "coalesce(c.phone, '') <> ''",
      []],
    [{"field":"locale","operator":"is_not_set"},
      "coalesce(c.locale, '') = ''",
      []],
    [{"field":"source","operator":"neq","value":"import"},
      "lower(c.source) <> $1::text",
      ["import"]],
    [{"field":"source","operator":"not_in","value":["import","Manual"]},
      "lower(c.source) <> ALL($1::text[])",
      [["import","manual"]]],
    [{"field":"timezone","operator":"in","value":["Europe/Copenhagen"]},
      "lower(c.timezone) = ANY($1::text[])",
      [["europe/copenhagen"]]],
    [{"field":"currency_code","operator":"eq","value":"EUR"},
      "lower(c.currency_code) = $1::text",
      ["eur"]],
    [{"field":"status","operator":"eq","value":"subscribed"},
      "c.status = $1::text",
      ["subscribed"]],
    [{"field":"status","operator":"neq","value":"subscribed"},
      "c.status <> $1::text",
      ["subscribed"]],
    [{"field":"status","operator":"in","value":["subscribed","pending"]},
      "c.status = ANY($1::text[])",
      [["subscribed","pending"]]],
    [{"field":"status","operator":"not_in","value":["bounced","complained"]},
      "c.status <> ALL($1::text[])",
      [["bounced","complained"]]],
    [{"field":"rfm_group","operator":"neq","value":"lost"},
      "c.rfm_group IS DISTINCT FROM $1::text",
      ["lost"]],
    [{"field":"rfm_group","operator":"not_in","value":["lost","hibernating"]},
      "(c.rfm_group = ANY($1::text[])) IS NOT TRUE",
      [["lost","hibernating"]]],
    [{"field":"rfm_group","operator":"is_set"},
      "c.rfm_group IS NOT NULL",
      []],
    [{"field":"rfm_group","operator":"is_not_set"},
      "c.rfm_group IS NULL",
      []],
    [{"field":"orders_count","operator":"eq","value":0},
      "c.orders_count = $1::int",
      [0]],
    [{"field":"orders_count","operator":"neq","value":1},
      "c.orders_count <> $1::int",
      [1]],
    [{"field":"orders_count","operator":"gt","value":1},
      "c.orders_count > $1::int",
      [1]],
    [{"field":"orders_count","operator":"gte","value":2},
      "c.orders_count >= $1::int",
      [2]],
    [{"field":"orders_count","operator":"lt","value":3},
      "c.orders_count < $1::int",
      [3]],
    [{"field":"orders_count","operator":"lte","value":4},
      "c.orders_count <= $1::int",
      [4]],
    [{"field":"orders_count","operator":"between","value":[2,5]},
      "c.orders_count BETWEEN $1::int AND $2::int",
      [2,5]],
    [{"field":"rfm_recency","operator":"neq","value":5},
      "c.rfm_recency IS DISTINCT FROM $1::int",
      [5]],
    [{"field":"rfm_monetary","operator":"is_set"},
      "c.rfm_monetary IS NOT NULL",
      []],
    [{"field":"rfm_frequency","operator":"is_not_set"},
      "c.rfm_frequency IS NULL",
      []],
    [{"field":"total_spent","operator":"gt","value":100},
      "c.total_spent > $1::numeric",
      ["100"]],
    [{"field":"total_spent","operator":"gte","value":"99.95"},
      "c.total_spent >= $1::numeric",
      ["99.95"]],
    [{"field":"avg_order_value","operator":"lt","value":{"amount":"50","currency_code":"EUR"}},
      "((c.currency_code IS NULL OR c.currency_code = $1::text) AND c.avg_order_value < $2::numeric)",
      ["eur","50"]],
    [{"field":"refunded_total","operator":"lte","value":{"amount":0}},
      "c.refunded_total <= $1::numeric",
      ["0"]],
    [{"field":"total_spent","operator":"eq","value":"0"},
      "c.total_spent = $1::numeric",
      ["0"]],
    [{"field":"total_spent","operator":"neq","value":10},
      "c.total_spent <> $1::numeric",
      ["10"]],
    [{"field":"total_spent","operator":"between","value":[10,"20.5"]},
      "c.total_spent BETWEEN $1::numeric AND $2::numeric",
      ["10","20.5"]],
    [{"field":"total_spent","operator":"between","value":{"min":"10","max":20,"currency_code":"dkk"}},
      "((c.currency_code IS NULL OR c.currency_code = $1::text) AND c.total_spent BETWEEN $2::numeric AND $3::numeric)",
      ["dkk","10","20"]],
    [{"field":"created_at","operator":"within_last","value":{"amount":90,"unit":"days"}},
      "c.created_at >= $1::timestamptz",
      ["2025-03-17T12:00:00.000Z"]],
    [{"field":"created_at","operator":"not_within_last","value":{"amount":2,"unit":"weeks"}},
      "c.created_at < $1::timestamptz",
      ["2025-06-01T12:00:00.000Z"]],
    [{"field":"last_order_at","operator":"not_within_last","value":{"amount":6,"unit":"months"}},
      "(c.last_order_at IS NULL OR c.last_order_at < $1::timestamptz)",
      ["2024-12-15T12:00:00.000Z"]],
    [{"field":"created_at","operator":"before","value":"2025-01-01"},
      "c.created_at < $1::timestamptz",
      ["2025-01-01T00:00:00.000Z"]],
    [{"field":"created_at","operator":"before","value":"2025-01-01T10:00:00+02:00"},
      "c.created_at < $1::timestamptz",
      ["2025-01-01T08:00:00.000Z"]],
    [{"field":"created_at","operator":"after","value":"2025-01-31"},
      "c.created_at >= $1::timestamptz",
      ["2025-02-01T00:00:00.000Z"]],
    [{"field":"created_at","operator":"after","value":"2025-01-31T23:59:59.5Z"},
      "c.created_at > $1::timestamptz",
      ["2025-01-31T23:59:59.500Z"]],
    [{"field":"first_order_at","operator":"between","value":["2025-01-01","2025-01-31"]},
      "(c.first_order_at >= $1::timestamptz AND c.first_order_at < $2::timestamptz)",
      ["2025-01-01T00:00:00.000Z","2025-02-01T00:00:00.000Z"]],
    [{"field":"first_order_at","operator":"between","value":["2025-01-01T00:00:00Z","2025-01-31T12:00:00Z"]},
      "(c.first_order_at >= $1::timestamptz AND c.first_order_at <= $2::timestamptz)",
      ["2025-01-01T00:00:00.000Z","2025-01-31T12:00:00.000Z"]],
    [{"field":"last_open_at","operator":"within_last","value":{"amount":30,"unit":"minutes"}},
      "c.last_open_at >= $1::timestamptz",
      ["2025-06-15T11:30:00.000Z"]],
    [{"field":"last_click_at","operator":"within_last","value":{"amount":12,"unit":"hours"}},
      "c.last_click_at >= $1::timestamptz",
      ["2025-06-15T00:00:00.000Z"]],
    [{"field":"last_sent_at","operator":"within_last","value":{"amount":1,"unit":"years"}},
      "c.last_sent_at >= $1::timestamptz",
      ["2024-06-15T12:00:00.000Z"]],
    [{"field":"last_open_at","operator":"is_not_set"},
      "c.last_open_at IS NULL",
      []],
    [{"field":"subscribed_at","operator":"is_set"},
      "c.subscribed_at IS NOT NULL",
      []],
    [{"field":"created_at","operator":"between","value":["2025-01-01","2025-01-31T12:00:00Z"]},
      "(c.created_at >= $1::timestamptz AND c.created_at <= $2::timestamptz)",
      ["2025-01-01T00:00:00.000Z","2025-01-31T12:00:00.000Z"]],
    [{"field":"rfm_recency","operator":"eq","value":5},
      "c.rfm_recency = $1::int",
      [5]],
    [{"field":"rfm_recency","operator":"gt","value":3},
      "c.rfm_recency > $1::int",
      [3]],
    [{"field":"rfm_recency","operator":"gte","value":4},
      "c.rfm_recency >= $1::int",
      [4]],
    [{"field":"rfm_frequency","operator":"lt","value":2},
      "c.rfm_frequency < $1::int",
      [2]],
    [{"field":"rfm_frequency","operator":"lte","value":2},
      "c.rfm_frequency <= $1::int",
      [2]],
    [{"field":"rfm_monetary","operator":"between","value":[4,5]},
      "c.rfm_monetary BETWEEN $1::int AND $2::int",
      [4,5]],
    [{"field":"spend_percentile","operator":"gte","value":91},
      "c.spend_percentile >= $1::int",
      [91]],
    [{"field":"purchased_category","operator":"neq","value":"pcat_1"},
      "NOT EXISTS (SELECT 1 FROM mkt_order_category_fact k WHERE k.contact_id = c.id AND k.category_id = $1::text AND NOT k.canceled)",
      ["pcat_1"]],
    [{"field":"purchased_collection","operator":"not_in","value":["pcol_1","pcol_2"],"min_count":2,"within":{"amount":2,"unit":"weeks"}},
      "NOT (c.id IN (SELECT f.contact_id FROM mkt_order_line_fact f WHERE f.deleted_at IS NULL AND NOT f.canceled AND f.collection_id = ANY($1::text[]) AND f.placed_at >= $2::timestamptz GROUP BY f.contact_id HAVING count(DISTINCT f.order_id) >= $3::int))",
      [["pcol_1","pcol_2"],"2025-06-01T12:00:00.000Z",2]],
    [{"field":"has_account","operator":"eq","value":true},
      "c.has_account = $1::boolean",
      [true]],
    [{"field":"has_account","operator":"neq","value":true},
      "c.has_account <> $1::boolean",
      [true]],
    [{"field":"has_open_cart","operator":"eq","value":true},
      "EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0)",
      []],
    [{"field":"has_open_cart","operator":"eq","value":false},
      "NOT EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0)",
      []],
    [{"field":"has_open_cart","operator":"neq","value":true},
      "NOT EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0)",
      []],
    [{"field":"has_open_cart","operator":"neq","value":false},
      "EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0)",
      []],
    [{"field":"customer_group","operator":"contains","value":"cusgroup_vip"},
      "c.customer_group_ids @> ARRAY[$1::text]",
      ["cusgroup_vip"]],
    [{"field":"customer_group","operator":"in","value":["cusgroup_vip","cusgroup_b2b"]},
      "c.customer_group_ids && $1::text[]",
      [["cusgroup_vip","cusgroup_b2b"]]],
    [{"field":"customer_group","operator":"not_in","value":["cusgroup_vip"]},
      "NOT (c.customer_group_ids && $1::text[])",
      [["cusgroup_vip"]]],
    [{"field":"customer_group","operator":"is_set"},
      "cardinality(c.customer_group_ids) > 0",
      []],
    [{"field":"customer_group","operator":"is_not_set"},
      "cardinality(c.customer_group_ids) = 0",
      []],
    [{"field":"topic","operator":"eq","value":"newsletter"},
      "EXISTS (SELECT 1 FROM mkt_contact_topic ct WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND ct.subscribed AND ct.topic_id = (SELECT t.id FROM mkt_topic t WHERE t.deleted_at IS NULL AND t.handle = $1::text))",
      ["newsletter"]],
    [{"field":"topic","operator":"neq","value":"newsletter"},
      "NOT EXISTS (SELECT 1 FROM mkt_contact_topic ct WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND ct.subscribed AND ct.topic_id = (SELECT t.id FROM mkt_topic t WHERE t.deleted_at IS NULL AND t.handle = $1::text))",
      ["newsletter"]],
    [{"field":"topic","operator":"in","value":["newsletter","promotions"]},
      "EXISTS (SELECT 1 FROM mkt_contact_topic ct WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND ct.subscribed AND ct.topic_id = ANY(ARRAY(SELECT t.id FROM mkt_topic t WHERE t.deleted_at IS NULL AND t.handle = ANY($1::text[]))))",
      [["newsletter","promotions"]]],
    [{"field":"topic","operator":"not_in","value":["promotions"]},
      "NOT EXISTS (SELECT 1 FROM mkt_contact_topic ct WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND ct.subscribed AND ct.topic_id = ANY(ARRAY(SELECT t.id FROM mkt_topic t WHERE t.deleted_at IS NULL AND t.handle = ANY($1::text[]))))",
      [["promotions"]]],
    [{"field":"purchased_product","operator":"eq","value":"prod_1"},
      "EXISTS (SELECT 1 FROM mkt_order_line_fact f WHERE f.contact_id = c.id AND f.deleted_at IS NULL AND NOT f.canceled AND f.product_id = $1::text)",
      ["prod_1"]],
    [{"field":"purchased_product","operator":"in","value":["prod_1","prod_2"],"min_count":2,"within":{"amount":90,"unit":"days"}},
      "c.id IN (SELECT f.contact_id FROM mkt_order_line_fact f WHERE f.deleted_at IS NULL AND NOT f.canceled AND f.product_id = ANY($1::text[]) AND f.placed_at >= $2::timestamptz GROUP BY f.contact_id HAVING count(DISTINCT f.order_id) >= $3::int)",
      [["prod_1","prod_2"],"2025-03-17T12:00:00.000Z",2]],
    [{"field":"purchased_product","operator":"not_in","value":["prod_1"],"within":{"amount":1,"unit":"years"}},
      "NOT EXISTS (SELECT 1 FROM mkt_order_line_fact f WHERE f.contact_id = c.id AND f.deleted_at IS NULL AND NOT f.canceled AND f.product_id = ANY($1::text[]) AND f.placed_at >= $2::timestamptz)",
      [["prod_1"],"2024-06-15T12:00:00.000Z"]],
    [{"field":"purchased_product","operator":"neq","value":"prod_1","min_count":3},
      "NOT (c.id IN (SELECT f.contact_id FROM mkt_order_line_fact f WHERE f.deleted_at IS NULL AND NOT f.canceled AND f.product_id = $1::text GROUP BY f.contact_id HAVING count(DISTINCT f.order_id) >= $2::int))",
      ["prod_1",3]],
    [{"field":"purchased_category","operator":"eq","value":"pcat_1","min_count":1},
      "EXISTS (SELECT 1 FROM mkt_order_category_fact k WHERE k.contact_id = c.id AND k.category_id = $1::text AND NOT k.canceled)",
      ["pcat_1"]],
    [{"field":"purchased_category","operator":"eq","value":"pcat_1","min_count":2,"within":{"amount":90,"unit":"days"}},
      "c.id IN (SELECT k.contact_id FROM mkt_order_category_fact k WHERE k.category_id = $1::text AND NOT k.canceled AND k.placed_at >= $2::timestamptz GROUP BY k.contact_id HAVING count(*) >= $3::int)",
      ["pcat_1","2025-03-17T12:00:00.000Z",2]],
    [{"field":"purchased_category","operator":"in","value":["pcat_1","pcat_2"],"min_count":2},
      "c.id IN (SELECT k.contact_id FROM mkt_order_category_fact k WHERE k.category_id = ANY($1::text[]) AND NOT k.canceled GROUP BY k.contact_id HAVING count(DISTINCT k.order_id) >= $2::int)",
      [["pcat_1","pcat_2"],2]],
    [{"field":"purchased_category","operator":"in","value":["pcat_1","pcat_2"]},
      "EXISTS (SELECT 1 FROM mkt_order_category_fact k WHERE k.contact_id = c.id AND k.category_id = ANY($1::text[]) AND NOT k.canceled)",
      [["pcat_1","pcat_2"]]],
    [{"field":"purchased_category","operator":"not_in","value":["pcat_1"]},
      "NOT EXISTS (SELECT 1 FROM mkt_order_category_fact k WHERE k.contact_id = c.id AND k.category_id = ANY($1::text[]) AND NOT k.canceled)",
      [["pcat_1"]]],
    [{"field":"purchased_collection","operator":"eq","value":"pcol_1"},
      "EXISTS (SELECT 1 FROM mkt_contact_collection s WHERE s.contact_id = c.id AND s.collection_id = $1::text)",
      ["pcol_1"]],
    [{"field":"purchased_collection","operator":"in","value":["pcol_1"],"within":{"amount":30,"unit":"days"}},
      "EXISTS (SELECT 1 FROM mkt_contact_collection s WHERE s.contact_id = c.id AND s.collection_id = ANY($1::text[]) AND s.last_placed_at >= $2::timestamptz)",
      [["pcol_1"],"2025-05-16T12:00:00.000Z"]],
    // one collection, N+ orders, no window: the summary's order count
    [{"field":"purchased_collection","operator":"in","value":["pcol_1"],"min_count":3},
      "EXISTS (SELECT 1 FROM mkt_contact_collection s WHERE s.contact_id = c.id AND s.collection_id = ANY($1::text[]) AND s.orders_count >= $2::int)",
      [["pcol_1"],3]],
    // N+ orders over several collections: an order in two of them counts once, so the lines
    [{"field":"purchased_collection","operator":"in","value":["pcol_1","pcol_2"],"min_count":2},
      "c.id IN (SELECT f.contact_id FROM mkt_order_line_fact f WHERE f.deleted_at IS NULL AND NOT f.canceled AND f.collection_id = ANY($1::text[]) GROUP BY f.contact_id HAVING count(DISTINCT f.order_id) >= $2::int)",
      [["pcol_1","pcol_2"],2]],
    // N+ orders within a window: the summary has no per-window counts, so the lines
    [{"field":"purchased_collection","operator":"eq","value":"pcol_1","min_count":2,"within":{"amount":30,"unit":"days"}},
      "c.id IN (SELECT f.contact_id FROM mkt_order_line_fact f WHERE f.deleted_at IS NULL AND NOT f.canceled AND f.collection_id = $1::text AND f.placed_at >= $2::timestamptz GROUP BY f.contact_id HAVING count(DISTINCT f.order_id) >= $3::int)",
      ["pcol_1","2025-05-16T12:00:00.000Z",2]],
    [{"field":"purchased_collection","operator":"neq","value":"pcol_1"},
      "NOT EXISTS (SELECT 1 FROM mkt_contact_collection s WHERE s.contact_id = c.id AND s.collection_id = $1::text)",
      ["pcol_1"]],
    [{"field":"open_cart_updated_at","operator":"within_last","value":{"amount":2,"unit":"hours"}},
      "EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at >= $1::timestamptz)",
      ["2025-06-15T10:00:00.000Z"]],
    [{"field":"open_cart_updated_at","operator":"not_within_last","value":{"amount":1,"unit":"hours"}},
      "NOT EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at >= $1::timestamptz)",
      ["2025-06-15T11:00:00.000Z"]],
    [{"field":"open_cart_updated_at","operator":"before","value":"2025-06-15T11:00:00Z"},
      "(EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at < $1::timestamptz) AND NOT EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at >= $1::timestamptz))",
      ["2025-06-15T11:00:00.000Z"]],
    [{"field":"open_cart_updated_at","operator":"after","value":"2025-06-14"},
      "EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at >= $1::timestamptz)",
      ["2025-06-15T00:00:00.000Z"]],
    [{"field":"open_cart_updated_at","operator":"after","value":"2025-06-14T08:00:00Z"},
      "EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at > $1::timestamptz)",
      ["2025-06-14T08:00:00.000Z"]],
    [{"field":"open_cart_updated_at","operator":"between","value":["2025-06-01","2025-06-14"]},
      "(EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at >= $1::timestamptz AND k.cart_updated_at < $2::timestamptz) AND NOT EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0 AND k.cart_updated_at >= $2::timestamptz))",
      ["2025-06-01T00:00:00.000Z","2025-06-15T00:00:00.000Z"]],
    [{"field":"open_cart_updated_at","operator":"is_set"},
      "EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0)",
      []],
    [{"field":"open_cart_updated_at","operator":"is_not_set"},
      "NOT EXISTS (SELECT 1 FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0)",
      []],
    [{"field":"consent_status","operator":"eq","value":"granted"},
      "(SELECT e.action FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) = $1::text",
      ["granted"]],
    [{"field":"consent_status","operator":"neq","value":"withdrawn"},
      "(SELECT e.action FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) IS DISTINCT FROM $1::text",
      ["withdrawn"]],
    [{"field":"consent_status","operator":"in","value":["granted","requested"]},
      "(SELECT e.action FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) = ANY($1::text[])",
      [["granted","requested"]]],
    [{"field":"consent_status","operator":"not_in","value":["withdrawn"]},
      "((SELECT e.action FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) = ANY($1::text[])) IS NOT TRUE",
      [["withdrawn"]]],
    [{"field":"consent_status","operator":"is_set"},
      "(SELECT e.action FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) IS NOT NULL",
      []],
    [{"field":"consent_status","operator":"is_not_set"},
      "(SELECT e.action FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) IS NULL",
      []],
    [{"field":"consent_granted_at","operator":"within_last","value":{"amount":1,"unit":"years"}},
      "EXISTS (SELECT 1 FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL AND e.action = 'granted' AND e.occurred_at >= $1::timestamptz)",
      ["2024-06-15T12:00:00.000Z"]],
    [{"field":"consent_granted_at","operator":"between","value":["2025-01-01T00:00:00Z","2025-03-01T00:00:00Z"]},
      "(EXISTS (SELECT 1 FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL AND e.action = 'granted' AND e.occurred_at >= $1::timestamptz AND e.occurred_at <= $2::timestamptz) AND NOT EXISTS (SELECT 1 FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL AND e.action = 'granted' AND e.occurred_at > $2::timestamptz))",
      ["2025-01-01T00:00:00.000Z","2025-03-01T00:00:00.000Z"]],
    [{"field":"segment","operator":"eq","value":"mseg_vip"},
      "EXISTS (SELECT 1 FROM mkt_segment_member sm WHERE sm.contact_id = c.id AND sm.deleted_at IS NULL AND sm.segment_id = $1::text)",
      ["mseg_vip"]],
    [{"field":"segment","operator":"neq","value":"mseg_vip"},
      "NOT EXISTS (SELECT 1 FROM mkt_segment_member sm WHERE sm.contact_id = c.id AND sm.deleted_at IS NULL AND sm.segment_id = $1::text)",
      ["mseg_vip"]],
    [{"field":"segment","operator":"in","value":["mseg_vip","mseg_new"]},
      "EXISTS (SELECT 1 FROM mkt_segment_member sm WHERE sm.contact_id = c.id AND sm.deleted_at IS NULL AND sm.segment_id = ANY($1::text[]))",
      [["mseg_vip","mseg_new"]]],
    [{"field":"segment","operator":"not_in","value":["mseg_vip"]},
      "NOT EXISTS (SELECT 1 FROM mkt_segment_member sm WHERE sm.contact_id = c.id AND sm.deleted_at IS NULL AND sm.segment_id = ANY($1::text[]))",
      [["mseg_vip"]]],
  ]

  it.each(cases)("%j", (cond, sql, params) => {
    expect(where(cond)).toEqual({ sql, params })
  })

  it("covers every field, and every operator of every kind of field", () => {
    const kind = (field: string, op: unknown) => {
      const spec: SegmentFieldSpec = SEGMENT_FIELDS[field as keyof typeof SEGMENT_FIELDS]
      return `${spec.type}/${spec.nullable ? "nullable" : "required"}/${op}`
    }
    const fieldsCovered = new Set(cases.map(([c]) => c.field))
    expect(SEGMENT_FIELD_KEYS.filter((f) => !fieldsCovered.has(f))).toEqual([])
    const kindsCovered = new Set(cases.map(([c]) => kind(c.field as string, c.operator)))
    const kinds = SEGMENT_FIELD_KEYS.flatMap((f) => operatorsForField(f).map((op) => kind(f, op)))
    expect(kinds.filter((k) => !kindsCovered.has(k))).toEqual([])
  })
})

describe("groups", () => {
  const a = { field: "orders_count", operator: "gte", value: 2 }
  const b = { field: "status", operator: "eq", value: "subscribed" }

  it("empty all matches everyone, empty any no one", () => {
    expect(bare({ all: [] }, { now })).toEqual({ sql: "TRUE", params: [] })
    expect(bare({ any: [] }, { now })).toEqual({ sql: "FALSE", params: [] })
    expect(bare({ not: { any: [] } }, { now })).toEqual({ sql: "(FALSE) IS NOT TRUE", params: [] })
  })

  it("joins children with AND / OR, numbering params in reading order", () => {
    expect(bare({ all: [a, b] }, { now })).toEqual({
      sql: "(c.orders_count >= $1::int AND c.status = $2::text)",
      params: [2, "subscribed"],
    })
    expect(bare({ any: [a, b] }, { now })).toEqual({
      sql: "(c.orders_count >= $1::int OR c.status = $2::text)",
      params: [2, "subscribed"],
    })
  })

  it("a single child stands alone; not is the complement (IS NOT TRUE)", () => {
    expect(bare({ any: [{ all: [a] }] }, { now }).sql).toBe("c.orders_count >= $1::int")
    expect(bare({ not: a }, { now }).sql).toBe("(c.orders_count >= $1::int) IS NOT TRUE")
    expect(bare({ not: { any: [a, b] } }, { now }).sql).toBe(
      "(c.orders_count >= $1::int OR c.status = $2::text) IS NOT TRUE"
    )
    expect(bare({ not: { not: a } }, { now }).sql).toBe(
      "((c.orders_count >= $1::int) IS NOT TRUE) IS NOT TRUE"
    )
  })

  it("nests to the depth limit", () => {
    const rules = {
      all: [
        a,
        {
          any: [
            b,
            { not: { all: [{ field: "email", operator: "contains", value: "@x.dk" }, { any: [] }] } },
          ],
        },
      ],
    }
    expect(bare(rules, { now })).toEqual({
      sql: "(c.orders_count >= $1::int AND (c.status = $2::text OR (c.email LIKE $3::text AND FALSE) IS NOT TRUE))",
      params: [2, "subscribed", "%@x.dk%"],
    })
  })
})

describe("compileSegment / compileSegmentCount", () => {
  const rules = {
    all: [
      { field: "status", operator: "eq", value: "subscribed" },
      { field: "last_open_at", operator: "within_last", value: { amount: 90, unit: "days" } },
      {
        field: "purchased_category",
        operator: "in",
        value: ["pcat_shoes"],
        min_count: 2,
        within: { amount: 1, unit: "years" },
      },
      { not: { field: "segment", operator: "eq", value: "mseg_vip" } },
    ],
  }
  const where =
    "(c.status = $1::text AND c.last_open_at >= $2::timestamptz" +
    " AND c.id IN (SELECT k.contact_id FROM mkt_order_category_fact k WHERE k.category_id = ANY($3::text[]) AND NOT k.canceled" +
    " AND k.placed_at >= $4::timestamptz GROUP BY k.contact_id HAVING count(*) >= $5::int)" +
    " AND (EXISTS (SELECT 1 FROM mkt_segment_member sm WHERE sm.contact_id = c.id AND sm.deleted_at IS NULL AND sm.segment_id = $6::text)) IS NOT TRUE)"
  const params = [
    "subscribed",
    "2025-03-17T12:00:00.000Z",
    ["pcat_shoes"],
    "2024-06-15T12:00:00.000Z",
    2,
    "mseg_vip",
  ]

  it("selects live contact ids (from the narrow copy: contact columns and sets)", () => {
    expect(compileSegment(rules, { now })).toEqual({
      sql: `SELECT c.id FROM mkt_contact_filter c WHERE TRUE AND ${where}`,
      params,
    })
  })

  it("counts them", () => {
    expect(compileSegmentCount(rules, { now })).toEqual({
      sql: `SELECT count(*) AS count FROM mkt_contact_filter c WHERE TRUE AND ${where}`,
      params,
    })
    expect(compileCount).toBe(compileSegmentCount)
  })

  it("offers the narrow copy beside mkt_contact only for contact columns it holds combined with a set", () => {
    const sources = (...conditions: Record<string, unknown>[]) => {
      const { from, alternatives } = compileSegmentPredicate({ all: conditions }, { now })
      return [from, ...alternatives]
    }
    const wide = "FROM mkt_contact c WHERE c.deleted_at IS NULL"
    const narrow = "FROM mkt_contact_filter c WHERE TRUE"
    const topic = { field: "topic", operator: "eq", value: "newsletter" }
    const spent = { field: "total_spent", operator: "gt", value: 5 }
    expect(sources(topic, spent)).toEqual([narrow, wide])
    expect(sources({ field: "segment", operator: "eq", value: "mseg_vip" }, { field: "rfm_group", operator: "eq", value: "loyal" })).toEqual([narrow, wide])
    expect(sources({ field: "customer_group", operator: "contains", value: "g" }, { field: "has_open_cart", operator: "eq", value: true })).toEqual([narrow, wide])
    // a column the copy lacks
    expect(sources(topic, { field: "email", operator: "contains", value: "x" })).toEqual([wide])
    expect(sources(topic, spent, { field: "last_sent_at", operator: "is_set" })).toEqual([wide])
    // contact columns alone (mkt_contact's indexes answer them), or sets alone
    expect(sources(spent, { field: "status", operator: "eq", value: "subscribed" })).toEqual([wide])
    expect(sources(topic)).toEqual([wide])
    expect(sources()).toEqual([wide])
  })

  it("wraps a bare predicate in parentheses", () => {
    expect(compileSegment({ all: [] }, { now }).sql).toBe(
      "SELECT c.id FROM mkt_contact c WHERE c.deleted_at IS NULL AND (TRUE)"
    )
    expect(compileSegment({ any: [{ field: "has_account", operator: "eq", value: false }] }, { now })).toEqual({
      sql: "SELECT c.id FROM mkt_contact c WHERE c.deleted_at IS NULL AND (c.has_account = $1::boolean)",
      params: [false],
    })
  })

  it("is deterministic and independent of key order", () => {
    const shuffled = JSON.parse(JSON.stringify(rules), (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v
    )
    expect(compileSegment(shuffled, { now })).toEqual(compileSegment(rules, { now }))
  })

  it("numbers placeholders from firstParam for embedding", () => {
    expect(bare({ all: [{ field: "orders_count", operator: "between", value: [1, 2] }] }, { now, firstParam: 3 })).toEqual({
      sql: "c.orders_count BETWEEN $3::int AND $4::int",
      params: [1, 2],
    })
    expect(() => compileSegmentPredicate({ all: [] }, { now, firstParam: 0 })).toThrow(/firstParam/)
  })

  it("rejects invalid rules with a SegmentRulesError naming the path", () => {
    const bad = { all: [{ field: "orders_count", operator: "gte", value: "two" }] }
    expect(() => compileSegment(bad, { now })).toThrow(SegmentRulesError)
    expect(() => compileSegment(bad, { now })).toThrow(
      "Invalid segment rules: rules.all[0].value: must be a whole number"
    )
  })

  it("checks its options", () => {
    expect(() => compileSegment({ all: [] }, { now: new Date("nope") })).toThrow(/options.now/)
    expect(() => compileSegment({ all: [] }, {} as any)).toThrow(/options.now/)
    expect(() => compileSegment({ all: [] }, { now, currency: "dollars" })).toThrow(/options.currency/)
  })

  it("checks segment references when given a resolver", () => {
    const rules = { all: [{ field: "segment", operator: "eq", value: "mseg_gone" }] }
    expect(() => compileSegment(rules, { now, resolveSegment: () => null })).toThrow(
      'rules.all[0].value: segment "mseg_gone" does not exist'
    )
    expect(() => compileSegment(rules, { now, segmentId: "mseg_gone" })).toThrow(/cannot include itself/)
  })
})

describe("money and currency", () => {
  it("uses options.currency when the value has none, the value's own otherwise", () => {
    expect(where({ field: "total_spent", operator: "gt", value: "100" }, { currency: "USD" })).toEqual({
      sql: "((c.currency_code IS NULL OR c.currency_code = $1::text) AND c.total_spent > $2::numeric)",
      params: ["usd", "100"],
    })
    expect(
      where({ field: "total_spent", operator: "gt", value: { amount: 100, currency_code: "dkk" } }, { currency: "usd" })
    ).toEqual({
      sql: "((c.currency_code IS NULL OR c.currency_code = $1::text) AND c.total_spent > $2::numeric)",
      params: ["dkk", "100"],
    })
    expect(where({ field: "avg_order_value", operator: "between", value: ["1.5", 3] }, { currency: "eur" })).toEqual({
      sql: "((c.currency_code IS NULL OR c.currency_code = $1::text) AND c.avg_order_value BETWEEN $2::numeric AND $3::numeric)",
      params: ["eur", "1.5", "3"],
    })
  })

  it("passes amounts as exact decimal strings, never floats", () => {
    const { params } = where({ field: "total_spent", operator: "gte", value: "0.1" })
    expect(params).toEqual(["0.1"])
    expect(where({ field: "total_spent", operator: "gte", value: 999_999_999_999_999 }).params).toEqual([
      "999999999999999",
    ])
  })
})

describe("relative dates", () => {
  it("resolve against now, in UTC, clamping month ends", () => {
    const at = (iso: string, amount: number, unit: any) => subtractRelative(new Date(iso), amount, unit).toISOString()
    expect(at("2025-03-31T10:00:00Z", 1, "months")).toBe("2025-02-28T10:00:00.000Z")
    expect(at("2024-03-31T10:00:00Z", 1, "months")).toBe("2024-02-29T10:00:00.000Z")
    expect(at("2024-02-29T00:00:00Z", 1, "years")).toBe("2023-02-28T00:00:00.000Z")
    expect(at("2025-01-15T00:00:00Z", 13, "months")).toBe("2023-12-15T00:00:00.000Z")
    expect(at("2025-01-15T00:00:00Z", 2, "weeks")).toBe("2025-01-01T00:00:00.000Z")
    expect(at("2025-01-15T00:00:00.250Z", 90, "minutes")).toBe("2025-01-14T22:30:00.250Z")
  })

  it("change with now, so the SQL is the same and only the params move", () => {
    const cond = { field: "last_order_at", operator: "within_last", value: { amount: 7, unit: "days" } }
    const a = compileSegmentPredicate({ all: [cond] }, { now })
    const b = compileSegmentPredicate({ all: [cond] }, { now: new Date("2025-06-16T12:00:00.000Z") })
    expect(a.sql).toBe(b.sql)
    expect([a.params, b.params]).toEqual([["2025-06-08T12:00:00.000Z"], ["2025-06-09T12:00:00.000Z"]])
  })
})
