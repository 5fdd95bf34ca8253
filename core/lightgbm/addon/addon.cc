// Candlecast's N-API binding of LightGBM's C API: datasets, boosters, fast single-row prediction.
// Every LightGBM failure becomes a thrown JS Error carrying LGBM_GetLastError().
#include "booster.h"

namespace candlecast {
namespace {

// Every parameter name and alias LightGBM knows, as its own JSON dump.
Napi::Value ParamAliases(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t len = 0;
  std::vector<char> buf(1 << 16);
  Check(env, LGBM_DumpParamAliases(static_cast<int64_t>(buf.size()), &len, buf.data()));
  if (len > static_cast<int64_t>(buf.size())) {
    buf.resize(static_cast<size_t>(len));
    Check(env, LGBM_DumpParamAliases(len, &len, buf.data()));
  }
  return Napi::String::New(env, buf.data(), static_cast<size_t>(len > 0 ? len - 1 : 0));
}

Napi::Object InitAll(Napi::Env env, Napi::Object exports) {
  Napi::Function dataset = Dataset::Init(env);
  Napi::Function booster = Booster::Init(env);
  Napi::Function fast = FastPredictor::Init(env);
  exports.Set("Dataset", dataset);
  exports.Set("Booster", booster);
  exports.Set("FastPredictor", fast);
  exports.Set("paramAliases", Napi::Function::New(env, ParamAliases));
  exports.Set("lightgbmVersion", Napi::String::New(env, LGBM_VERSION_STRING));
  exports.Set("PREDICT_NORMAL", Napi::Number::New(env, C_API_PREDICT_NORMAL));
  exports.Set("PREDICT_RAW_SCORE", Napi::Number::New(env, C_API_PREDICT_RAW_SCORE));
  exports.Set("PREDICT_CONTRIB", Napi::Number::New(env, C_API_PREDICT_CONTRIB));
  exports.Set("IMPORTANCE_SPLIT", Napi::Number::New(env, C_API_FEATURE_IMPORTANCE_SPLIT));
  exports.Set("IMPORTANCE_GAIN", Napi::Number::New(env, C_API_FEATURE_IMPORTANCE_GAIN));
  return exports;
}

}  // namespace
}  // namespace candlecast

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  return candlecast::InitAll(env, exports);
}

NODE_API_MODULE(candlecast_lightgbm, Init)
