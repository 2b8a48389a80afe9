// Data files: the MNIST install (md5), IDX and CSV parsing details, splits.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/error.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;

TEST_CASE("md5: our implementation gives the RFC 1321 test-suite digests", "[data]") {
    CHECK(md5_hex(as_bytes("")) == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5_hex(as_bytes("a")) == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(md5_hex(as_bytes("abc")) == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5_hex(as_bytes("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(md5_hex(as_bytes("abcdefghijklmnopqrstuvwxyz")) == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(md5_hex(as_bytes("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")) ==
          "d174ab98d277d9f5a5611c2c9f419d9f");  // 62 bytes: the length spills into a second padding block
    CHECK(md5_hex(as_bytes("12345678901234567890123456789012345678901234567890123456789012345678901234567890")) ==
          "57edf4a22be3c955ac49da2e2107b67a");  // 80 bytes: one full block and a tail
}

TEST_CASE("mnist: the installed files are the original ones (md5)", "[data]") {
    const std::pair<const char*, const char*> files[] = {
        {"train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb"},
        {"train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624"},
        {"t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea"},
        {"t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637"},
    };
    for (const auto& [name, md5] : files) {
        INFO(name);
        CHECK(md5_hex(read_bytes(mnist_path(name))) == md5);
    }
}

TEST_CASE("mnist: parses into 60000 + 10000 images of 28 x 28 x 1 with labels 0-9", "[data]") {
    const Dataset test = load_mnist("t10k");
    CHECK(test.size() == 10000);
    CHECK(test.shape == Shape{28, 28, 1});
    CHECK(test.x.cols() == 784);
    CHECK(test.x.minCoeff() == 0.0f);
    CHECK(test.x.maxCoeff() == 255.0f);
    CHECK(test.y.minCoeff() == 0.0f);
    CHECK(test.y.maxCoeff() == 9.0f);
    CHECK(test.y(0, 0) == 7.0f);  // the first test digit is a 7 (LeCun's file)
    const auto labels = parse_idx(read_bytes(mnist_path("train-labels-idx1-ubyte")), "train-labels");
    CHECK(labels.dims == std::vector<std::int64_t>{60000});
    CHECK(labels.values(0, 0) == 5.0f);  // ... and the first training digit a 5
}

namespace {
// A small IDX file: magic 0 0 type rank, big-endian dimensions, then the values.
std::vector<std::uint8_t> idx_bytes(std::uint8_t type, const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& values) {
    std::vector<std::uint8_t> b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (auto d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(d >> s));
    b.insert(b.end(), values.begin(), values.end());
    return b;
}
std::vector<float> values_of(const IdxArray& a) { return {a.values.data(), a.values.data() + a.values.size()}; }
}  // namespace

TEST_CASE("idx: element types and datasets", "[data]") {
    SECTION("unsigned bytes") {
        const auto a = parse_idx(idx_bytes(0x08, {2, 3}, {0, 1, 2, 253, 254, 255}), "u8");
        CHECK(a.dims == std::vector<std::int64_t>{2, 3});
        CHECK(values_of(a) == std::vector<float>{0, 1, 2, 253, 254, 255});
    }
    SECTION("signed bytes, big-endian shorts, ints and floats") {
        CHECK(values_of(parse_idx(idx_bytes(0x09, {2}, {0x7f, 0x80}), "i8")) == std::vector<float>{127, -128});
        CHECK(values_of(parse_idx(idx_bytes(0x0B, {2}, {0x01, 0x02, 0xff, 0xfe}), "i16")) == std::vector<float>{258, -2});
        CHECK(values_of(parse_idx(idx_bytes(0x0C, {1}, {0xff, 0xff, 0xff, 0xfd}), "i32")) == std::vector<float>{-3});
        CHECK(values_of(parse_idx(idx_bytes(0x0D, {1}, {0x40, 0x49, 0x0f, 0xdb}), "f32"))[0] == 3.14159274f);
    }
    SECTION("images and labels into a dataset, H x W gaining a channel") {
        const auto images = parse_idx(idx_bytes(0x08, {2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}), "img");
        const auto labels = parse_idx(idx_bytes(0x08, {2}, {3, 1}), "lab");
        const Dataset ds = dataset_from_idx(images, labels, "img", "lab");
        CHECK(ds.shape == Shape{2, 2, 1});
        CHECK(ds.x.row(1) == (Mat(1, 4) << 5, 6, 7, 8).finished());
        CHECK(ds.y(0, 0) == 3.0f);
        const auto three = parse_idx(idx_bytes(0x08, {3}, {0, 1, 2}), "lab3");
        CHECK_THROWS_WITH(dataset_from_idx(images, three, "img", "lab3"), Contains("lab3 has 3 labels but img has 2 images"));
    }
}

// The numbers of a numeric table, row by row (NaN for gaps).
static Mat numbers(const RawTable& t) {
    Mat m(static_cast<Index>(t.rows), static_cast<Index>(t.columns.size()));
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        REQUIRE(t.columns[c].numeric);
        for (std::size_t r = 0; r < t.rows; ++r) m(static_cast<Index>(r), static_cast<Index>(c)) = t.columns[c].values[r];
    }
    return m;
}

static std::vector<std::string> names(const RawTable& t) {
    std::vector<std::string> n;
    for (const auto& c : t.columns) n.push_back(c.name);
    return n;
}

TEST_CASE("csv: UTF-8 BOM and CRLF line ends are accepted", "[data]") {
    const RawTable t = read_csv("\xEF\xBB\xBF" "a,b,y\r\n1,2,3\r\n4,5,6\r\n", "bom.csv");
    CHECK(names(t) == std::vector<std::string>{"a", "b", "y"});  // not "\xEF\xBB\xBF" "a", not "y\r"
    REQUIRE(t.rows == 2);
    CHECK(numbers(t) == (Mat(2, 3) << 1, 2, 3, 4, 5, 6).finished());
}

TEST_CASE("csv: quoted fields with escaped quotes plus blank lines and a missing final newline", "[data]") {
    const RawTable t = read_csv("\"first, name\",\"say \"\"hi\"\"\", z\n\"1.5\", -2e1 ,3\n\n 7,\"8\",9", "quoted.csv");
    CHECK(names(t) == std::vector<std::string>{"first, name", "say \"hi\"", "z"});
    CHECK(numbers(t) == (Mat(2, 3) << 1.5f, -20, 3, 7, 8, 9).finished());
    CHECK_THROWS_WITH(read_csv("a,b\n\"1,2\n", "open.csv"), Contains("open.csv line 2, column 1: a quoted field is not closed"));
}

TEST_CASE("csv: the target column and dropped columns give the features", "[data]") {
    const RawTable t = read_csv("a,b,c,y\n1,2,3,10\n4,5,6,20\n", "t.csv");
    const PlanOptions o{"y", {"b"}, false, "impute", "none"};
    const Dataset ds = dataset_from_table(t, o, 1 << 20);
    CHECK(ds.features == std::vector<std::string>{"a", "c"});
    CHECK(ds.target == "y");
    CHECK(ds.shape == Shape{2});
    CHECK(ds.x == (Mat(2, 2) << 1, 3, 4, 6).finished());
    CHECK(ds.y == (Mat(2, 1) << 10, 20).finished());
    CHECK_THROWS_WITH(dataset_from_table(t, {"y", {"bb"}, false, "impute", "none"}, 1 << 20), Contains("no column named 'bb' (did you mean 'b'?)"));
    CHECK_THROWS_WITH(dataset_from_table(t, {"y", {"a", "b", "c"}, false, "impute", "none"}, 1 << 20), Contains("no feature columns are left"));
}

TEST_CASE("csv: the shipped data sets", "[data]") {
    const Dataset boston = load_csv("house-prices/boston.csv", "MEDV");
    CHECK(boston.size() == 506);
    CHECK(boston.features.size() == 13);
    CHECK(load_csv("house-prices/boston.csv", "MEDV", {"B"}).features.size() == 12);
    const Dataset cancer = load_csv("breast-cancer/wdbc.csv", "malignant");
    CHECK(cancer.size() == 569);
    CHECK(cancer.features.size() == 30);
    CHECK(cancer.y.sum() == 212.0f);  // 212 malignant, 357 benign
}

TEST_CASE("splits: take_tail keeps the order and take_random is seeded and disjoint", "[data]") {
    Dataset ds;
    ds.x = Mat(10, 1);
    ds.y = Mat(10, 1);
    for (Index i = 0; i < 10; ++i) ds.x(i, 0) = ds.y(i, 0) = static_cast<float>(i);
    ds.shape = {1};
    Dataset a = ds, b = ds, c = ds;
    const Dataset tail = take_tail(a, 0.3);
    CHECK(tail.y == (Mat(3, 1) << 7, 8, 9).finished());
    CHECK(a.size() == 7);
    Dataset d = ds;  // Keras keeps floor(10 * 0.75) = 7 rows, so 3 are held out (not floor(2.5) = 2)
    CHECK(take_tail(d, 0.25).size() == 3);
    const Dataset r1 = take_random(b, 0.4, 5), r2 = take_random(c, 0.4, 5);
    CHECK(r1.size() == 4);
    CHECK(r1.y == r2.y);  // same seed, same rows
    CHECK(b.size() == 6);
    std::vector<float> all(r1.y.data(), r1.y.data() + 4);
    all.insert(all.end(), b.y.data(), b.y.data() + 6);
    std::sort(all.begin(), all.end());
    CHECK(all == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("preprocessing: standardize and minmax and rescale fitted on the rows given", "[data]") {
    Mat x(4, 3);
    x << 1, 10, 5,  //
        2, 20, 5,   //
        3, 30, 5,   //
        6, 40, 5;
    SECTION("standardize: mean and population standard deviation, as Keras' Normalization") {
        Preprocessing p = Preprocessing::from_config("standardize", "preprocessing");
        CHECK_FALSE(p.fitted());
        p.fit(x);
        // column 0: mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5; column 1: mean 25, variance 125
        CHECK(p.offset[0] == Approx(3.0));
        CHECK(p.scale[0] == Approx(1 / std::sqrt(3.5)));
        CHECK(p.offset[1] == Approx(25.0));
        CHECK(p.scale[1] == Approx(1 / std::sqrt(125.0)));
        CHECK(p.offset[2] == 5.0f);  // a constant column is centred, not divided by zero
        CHECK(p.scale[2] == 1.0f);
        Mat y = x;
        p.apply(view(y));
        CHECK(y(3, 0) == Approx(3 / std::sqrt(3.5)));
        CHECK(y.col(2).isZero(0));
    }
    SECTION("minmax: into [0, 1]") {
        Preprocessing p = Preprocessing::from_config(json{{"type", "minmax"}}, "preprocessing");
        p.fit(x);
        Mat y = x;
        p.apply(view(y));
        CHECK(y.col(0) == (Mat(4, 1) << 0, 0.2f, 0.4f, 1).finished());
        CHECK(y.col(1).minCoeff() == 0.0f);
        CHECK(y.col(1).maxCoeff() == 1.0f);
        CHECK(y.col(2).isZero(0));
    }
    SECTION("rescale: a fixed factor; none: untouched") {
        Preprocessing p = Preprocessing::from_config(json{{"type", "rescale"}, {"factor", 0.5}}, "preprocessing");
        p.fit(x);
        Mat y = x;
        p.apply(view(y));
        CHECK(y == Mat(x * 0.5f));
        Preprocessing none;
        none.fit(x);
        y = x;
        none.apply(view(y));
        CHECK(y == x);
        CHECK_THROWS_WITH(Preprocessing::from_config("rescale", "preprocessing"), Contains("preprocessing: rescale needs a factor"));
        CHECK_THROWS_WITH(Preprocessing::from_config("standardise", "preprocessing"),
                          Contains("'standardise' is not one of none, rescale, standardize or minmax (did you mean 'standardize'?)"));
    }
}
