// Candlecast's N-API binding of LightGBM's C API: datasets, boosters, fast single-row prediction.
// Every LightGBM failure becomes a thrown JS Error carrying LGBM_GetLastError().
#include <napi.h>
#include <LightGBM/c_api.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

struct Constructors {
  Napi::FunctionReference dataset;
  Napi::FunctionReference booster;
  Napi::FunctionReference fastPredictor;
};

void Check(Napi::Env env, int code) {
  if (code != 0) {
    const char* msg = LGBM_GetLastError();
    throw Napi::Error::New(env, std::string("LightGBM: ") + (msg ? msg : "unknown error"));
  }
}

struct MatrixArg {
  const void* data = nullptr;
  int dtype = C_API_DTYPE_FLOAT64;
  size_t length = 0;
};

MatrixArg ReadMatrix(const Napi::Value& value, const char* what) {
  Napi::Env env = value.Env();
  if (!value.IsTypedArray()) {
    throw Napi::TypeError::New(env, std::string(what) + " must be a Float64Array or Float32Array");
  }
  auto arr = value.As<Napi::TypedArray>();
  MatrixArg m;
  m.length = arr.ElementLength();
  if (arr.TypedArrayType() == napi_float64_array) {
    m.dtype = C_API_DTYPE_FLOAT64;
    m.data = arr.As<Napi::Float64Array>().Data();
  } else if (arr.TypedArrayType() == napi_float32_array) {
    m.dtype = C_API_DTYPE_FLOAT32;
    m.data = arr.As<Napi::Float32Array>().Data();
  } else {
    throw Napi::TypeError::New(env, std::string(what) + " must be a Float64Array or Float32Array");
  }
  return m;
}

int32_t ReadInt(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a number");
  }
  return info[i].As<Napi::Number>().Int32Value();
}

std::string ReadString(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  }
  return info[i].As<Napi::String>().Utf8Value();
}

Napi::Array StringsToArray(Napi::Env env, const std::vector<std::string>& items) {
  Napi::Array out = Napi::Array::New(env, items.size());
  for (size_t i = 0; i < items.size(); ++i) out.Set(static_cast<uint32_t>(i), items[i]);
  return out;
}

// Reads a list of strings through LightGBM's two-pass (size, then copy) convention.
template <typename Fn>
std::vector<std::string> ReadStringList(Napi::Env env, int count, Fn call) {
  size_t bufLen = 256;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<std::vector<char>> storage(count, std::vector<char>(bufLen));
    std::vector<char*> ptrs(count);
    for (int i = 0; i < count; ++i) ptrs[i] = storage[i].data();
    int outLen = 0;
    size_t needed = 0;
    Check(env, call(count, &outLen, bufLen, &needed, ptrs.data()));
    if (needed <= bufLen) {
      std::vector<std::string> out;
      for (int i = 0; i < outLen && i < count; ++i) out.emplace_back(ptrs[i]);
      return out;
    }
    bufLen = needed;
  }
  throw Napi::Error::New(env, "LightGBM: could not read string list");
}

class Dataset : public Napi::ObjectWrap<Dataset> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Dataset", {
      InstanceMethod("setField", &Dataset::SetField),
      InstanceMethod("setFeatureNames", &Dataset::SetFeatureNames),
      InstanceMethod("numData", &Dataset::NumData),
      InstanceMethod("numFeature", &Dataset::NumFeature),
      InstanceMethod("dispose", &Dataset::Dispose),
    });
  }

  // new Dataset(data, nrow, ncol, params, reference?)
  explicit Dataset(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Dataset>(info) {
    Napi::Env env = info.Env();
    MatrixArg m = ReadMatrix(info[0], "data");
    int32_t nrow = ReadInt(info, 1, "nrow");
    int32_t ncol = ReadInt(info, 2, "ncol");
    std::string params = ReadString(info, 3, "params");
    if (nrow <= 0 || ncol <= 0) throw Napi::RangeError::New(env, "dataset needs at least one row and one column");
    if (static_cast<size_t>(nrow) * static_cast<size_t>(ncol) != m.length) {
      throw Napi::RangeError::New(env, "data length " + std::to_string(m.length) + " != nrow * ncol (" +
                                           std::to_string(nrow) + " * " + std::to_string(ncol) + ")");
    }
    DatasetHandle ref = nullptr;
    if (info.Length() > 4 && info[4].IsObject()) {
      Dataset* r = Napi::ObjectWrap<Dataset>::Unwrap(info[4].As<Napi::Object>());
      if (!r->handle_) throw Napi::Error::New(env, "reference dataset was disposed");
      ref = r->handle_;
      reference_ = Napi::Persistent(info[4].As<Napi::Object>());
    }
    Check(env, LGBM_DatasetCreateFromMat(m.data, m.dtype, nrow, ncol, 1, params.c_str(), ref, &handle_));
  }

  ~Dataset() override { Free(); }

  DatasetHandle handle() const { return handle_; }

 private:
  void Free() {
    if (handle_) {
      LGBM_DatasetFree(handle_);
      handle_ = nullptr;
    }
  }

  DatasetHandle Live(Napi::Env env) {
    if (!handle_) throw Napi::Error::New(env, "dataset was disposed");
    return handle_;
  }

  // setField(name, Float32Array | Float64Array | Int32Array)
  Napi::Value SetField(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string name = ReadString(info, 0, "field name");
    if (!info[1].IsTypedArray()) throw Napi::TypeError::New(env, "field data must be a typed array");
    auto arr = info[1].As<Napi::TypedArray>();
    int n = static_cast<int>(arr.ElementLength());
    if (arr.TypedArrayType() == napi_float32_array) {
      Check(env, LGBM_DatasetSetField(Live(env), name.c_str(), arr.As<Napi::Float32Array>().Data(), n, C_API_DTYPE_FLOAT32));
    } else if (arr.TypedArrayType() == napi_float64_array) {
      // LightGBM keeps labels and weights as float32.
      auto src = arr.As<Napi::Float64Array>();
      std::vector<float> tmp(n);
      for (int i = 0; i < n; ++i) tmp[i] = static_cast<float>(src[i]);
      Check(env, LGBM_DatasetSetField(Live(env), name.c_str(), tmp.data(), n, C_API_DTYPE_FLOAT32));
    } else if (arr.TypedArrayType() == napi_int32_array) {
      Check(env, LGBM_DatasetSetField(Live(env), name.c_str(), arr.As<Napi::Int32Array>().Data(), n, C_API_DTYPE_INT32));
    } else {
      throw Napi::TypeError::New(env, "field data must be Float32Array, Float64Array or Int32Array");
    }
    return env.Undefined();
  }

  Napi::Value SetFeatureNames(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsArray()) throw Napi::TypeError::New(env, "feature names must be an array of strings");
    auto arr = info[0].As<Napi::Array>();
    std::vector<std::string> names(arr.Length());
    std::vector<const char*> ptrs(arr.Length());
    for (uint32_t i = 0; i < arr.Length(); ++i) {
      names[i] = arr.Get(i).ToString().Utf8Value();
      ptrs[i] = names[i].c_str();
    }
    Check(env, LGBM_DatasetSetFeatureNames(Live(env), ptrs.data(), static_cast<int>(ptrs.size())));
    return env.Undefined();
  }

  Napi::Value NumData(const Napi::CallbackInfo& info) {
    int32_t n = 0;
    Check(info.Env(), LGBM_DatasetGetNumData(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value NumFeature(const Napi::CallbackInfo& info) {
    int32_t n = 0;
    Check(info.Env(), LGBM_DatasetGetNumFeature(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    Free();
    reference_.Reset();
    return info.Env().Undefined();
  }

  DatasetHandle handle_ = nullptr;
  Napi::ObjectReference reference_;
};

class FastPredictor;

class Booster : public Napi::ObjectWrap<Booster> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Booster", {
      InstanceMethod("addValidData", &Booster::AddValidData),
      InstanceMethod("updateOneIter", &Booster::UpdateOneIter),
      InstanceMethod("rollbackOneIter", &Booster::RollbackOneIter),
      InstanceMethod("currentIteration", &Booster::CurrentIteration),
      InstanceMethod("numTotalModel", &Booster::NumTotalModel),
      InstanceMethod("numFeature", &Booster::NumFeature),
      InstanceMethod("evalNames", &Booster::EvalNames),
      InstanceMethod("getEval", &Booster::GetEval),
      InstanceMethod("featureNames", &Booster::FeatureNames),
      InstanceMethod("predictMat", &Booster::PredictMat),
      InstanceMethod("saveModelToString", &Booster::SaveModelToString),
      InstanceMethod("saveModel", &Booster::SaveModel),
      InstanceMethod("featureImportance", &Booster::FeatureImportance),
      InstanceMethod("resetParameter", &Booster::ResetParameter),
      InstanceMethod("dispose", &Booster::Dispose),
    });
  }

  // new Booster('train', dataset, params) | new Booster('string', modelString) | new Booster('file', path)
  explicit Booster(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Booster>(info) {
    Napi::Env env = info.Env();
    std::string kind = ReadString(info, 0, "booster kind");
    int iters = 0;
    if (kind == "train") {
      if (!info[1].IsObject()) throw Napi::TypeError::New(env, "training dataset required");
      Dataset* ds = Napi::ObjectWrap<Dataset>::Unwrap(info[1].As<Napi::Object>());
      if (!ds->handle()) throw Napi::Error::New(env, "training dataset was disposed");
      std::string params = ReadString(info, 2, "params");
      Check(env, LGBM_BoosterCreate(ds->handle(), params.c_str(), &handle_));
      datasets_.push_back(Napi::Persistent(info[1].As<Napi::Object>()));
    } else if (kind == "string") {
      std::string model = ReadString(info, 1, "model string");
      Check(env, LGBM_BoosterLoadModelFromString(model.c_str(), &iters, &handle_));
    } else if (kind == "file") {
      std::string path = ReadString(info, 1, "model path");
      Check(env, LGBM_BoosterCreateFromModelfile(path.c_str(), &iters, &handle_));
    } else {
      throw Napi::TypeError::New(env, "booster kind must be train, string or file");
    }
  }

  ~Booster() override { Free(); }

  BoosterHandle Live(Napi::Env env) {
    if (!handle_) throw Napi::Error::New(env, "booster was disposed");
    return handle_;
  }

  void Track(FastConfigHandle* slot) { fast_.insert(slot); }
  void Untrack(FastConfigHandle* slot) { fast_.erase(slot); }

 private:
  void Free() {
    // Fast configs point into the booster: free them before it.
    for (FastConfigHandle* slot : fast_) {
      if (*slot) {
        LGBM_FastConfigFree(*slot);
        *slot = nullptr;
      }
    }
    fast_.clear();
    if (handle_) {
      LGBM_BoosterFree(handle_);
      handle_ = nullptr;
    }
  }

  Napi::Value AddValidData(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "validation dataset required");
    Dataset* ds = Napi::ObjectWrap<Dataset>::Unwrap(info[0].As<Napi::Object>());
    if (!ds->handle()) throw Napi::Error::New(env, "validation dataset was disposed");
    Check(env, LGBM_BoosterAddValidData(Live(env), ds->handle()));
    datasets_.push_back(Napi::Persistent(info[0].As<Napi::Object>()));
    return env.Undefined();
  }

  Napi::Value UpdateOneIter(const Napi::CallbackInfo& info) {
    int finished = 0;
    Check(info.Env(), LGBM_BoosterUpdateOneIter(Live(info.Env()), &finished));
    return Napi::Boolean::New(info.Env(), finished != 0);
  }

  Napi::Value RollbackOneIter(const Napi::CallbackInfo& info) {
    Check(info.Env(), LGBM_BoosterRollbackOneIter(Live(info.Env())));
    return info.Env().Undefined();
  }

  Napi::Value CurrentIteration(const Napi::CallbackInfo& info) {
    int n = 0;
    Check(info.Env(), LGBM_BoosterGetCurrentIteration(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value NumTotalModel(const Napi::CallbackInfo& info) {
    int n = 0;
    Check(info.Env(), LGBM_BoosterNumberOfTotalModel(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value NumFeature(const Napi::CallbackInfo& info) {
    int n = 0;
    Check(info.Env(), LGBM_BoosterGetNumFeature(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value EvalNames(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BoosterHandle h = Live(env);
    int count = 0;
    Check(env, LGBM_BoosterGetEvalCounts(h, &count));
    auto names = ReadStringList(env, count, [h](int len, int* outLen, size_t bufLen, size_t* needed, char** strs) {
      return LGBM_BoosterGetEvalNames(h, len, outLen, bufLen, needed, strs);
    });
    return StringsToArray(env, names);
  }

  // getEval(dataIdx): 0 = training data, 1.. = validation sets in the order added.
  Napi::Value GetEval(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BoosterHandle h = Live(env);
    int idx = ReadInt(info, 0, "data index");
    int count = 0;
    Check(env, LGBM_BoosterGetEvalCounts(h, &count));
    auto out = Napi::Float64Array::New(env, count);
    int outLen = 0;
    Check(env, LGBM_BoosterGetEval(h, idx, &outLen, out.Data()));
    return out;
  }

  Napi::Value FeatureNames(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BoosterHandle h = Live(env);
    int count = 0;
    Check(env, LGBM_BoosterGetNumFeature(h, &count));
    auto names = ReadStringList(env, count, [h](int len, int* outLen, size_t bufLen, size_t* needed, char** strs) {
      return LGBM_BoosterGetFeatureNames(h, len, outLen, bufLen, needed, strs);
    });
    return StringsToArray(env, names);
  }

  // predictMat(data, nrow, ncol, predictType, startIteration, numIteration, params) -> Float64Array
  Napi::Value PredictMat(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BoosterHandle h = Live(env);
    MatrixArg m = ReadMatrix(info[0], "data");
    int32_t nrow = ReadInt(info, 1, "nrow");
    int32_t ncol = ReadInt(info, 2, "ncol");
    int predictType = ReadInt(info, 3, "predictType");
    int start = ReadInt(info, 4, "startIteration");
    int num = ReadInt(info, 5, "numIteration");
    std::string params = ReadString(info, 6, "params");
    if (nrow < 0 || ncol <= 0 || static_cast<size_t>(nrow) * static_cast<size_t>(ncol) != m.length) {
      throw Napi::RangeError::New(env, "data length does not match nrow * ncol");
    }
    int64_t expected = 0;
    Check(env, LGBM_BoosterCalcNumPredict(h, nrow, predictType, start, num, &expected));
    auto out = Napi::Float64Array::New(env, static_cast<size_t>(expected));
    if (nrow == 0) return out;
    int64_t outLen = 0;
    Check(env, LGBM_BoosterPredictForMat(h, m.data, m.dtype, nrow, ncol, 1, predictType, start, num,
                                         params.c_str(), &outLen, out.Data()));
    return out;
  }

  Napi::Value SaveModelToString(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BoosterHandle h = Live(env);
    int start = ReadInt(info, 0, "startIteration");
    int num = ReadInt(info, 1, "numIteration");
    int imp = ReadInt(info, 2, "importanceType");
    int64_t len = 0;
    std::vector<char> buf(1 << 20);
    Check(env, LGBM_BoosterSaveModelToString(h, start, num, imp, static_cast<int64_t>(buf.size()), &len, buf.data()));
    if (len > static_cast<int64_t>(buf.size())) {
      buf.resize(static_cast<size_t>(len));
      Check(env, LGBM_BoosterSaveModelToString(h, start, num, imp, len, &len, buf.data()));
    }
    return Napi::String::New(env, buf.data(), static_cast<size_t>(len > 0 ? len - 1 : 0));
  }

  Napi::Value SaveModel(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string path = ReadString(info, 0, "path");
    int start = ReadInt(info, 1, "startIteration");
    int num = ReadInt(info, 2, "numIteration");
    int imp = ReadInt(info, 3, "importanceType");
    Check(env, LGBM_BoosterSaveModel(Live(env), start, num, imp, path.c_str()));
    return env.Undefined();
  }

  Napi::Value FeatureImportance(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    BoosterHandle h = Live(env);
    int num = ReadInt(info, 0, "numIteration");
    int type = ReadInt(info, 1, "importanceType");
    int nf = 0;
    Check(env, LGBM_BoosterGetNumFeature(h, &nf));
    auto out = Napi::Float64Array::New(env, nf);
    Check(env, LGBM_BoosterFeatureImportance(h, num, type, out.Data()));
    return out;
  }

  Napi::Value ResetParameter(const Napi::CallbackInfo& info) {
    std::string params = ReadString(info, 0, "params");
    Check(info.Env(), LGBM_BoosterResetParameter(Live(info.Env()), params.c_str()));
    return info.Env().Undefined();
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    Free();
    for (auto& ref : datasets_) ref.Reset();
    datasets_.clear();
    return info.Env().Undefined();
  }

  BoosterHandle handle_ = nullptr;
  std::vector<Napi::ObjectReference> datasets_;
  std::unordered_set<FastConfigHandle*> fast_;
};

// A prepared single-row predictor: LightGBM's ...SingleRowFast path, for autoregressive loops.
class FastPredictor : public Napi::ObjectWrap<FastPredictor> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "FastPredictor", {
      InstanceMethod("predict", &FastPredictor::Predict),
      InstanceMethod("dispose", &FastPredictor::Dispose),
    });
  }

  // new FastPredictor(booster, ncol, predictType, startIteration, numIteration, params)
  explicit FastPredictor(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FastPredictor>(info) {
    Napi::Env env = info.Env();
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "booster required");
    booster_ = Napi::ObjectWrap<Booster>::Unwrap(info[0].As<Napi::Object>());
    boosterRef_ = Napi::Persistent(info[0].As<Napi::Object>());
    ncol_ = ReadInt(info, 1, "ncol");
    int predictType = ReadInt(info, 2, "predictType");
    int start = ReadInt(info, 3, "startIteration");
    int num = ReadInt(info, 4, "numIteration");
    std::string params = ReadString(info, 5, "params");
    BoosterHandle h = booster_->Live(env);
    Check(env, LGBM_BoosterCalcNumPredict(h, 1, predictType, start, num, &outLen_));
    Check(env, LGBM_BoosterPredictForMatSingleRowFastInit(h, predictType, start, num, C_API_DTYPE_FLOAT64, ncol_,
                                                          params.c_str(), &config_));
    booster_->Track(&config_);
    out_.resize(static_cast<size_t>(outLen_));
  }

  ~FastPredictor() override { Free(); }

 private:
  void Free() {
    if (config_) {
      LGBM_FastConfigFree(config_);
      config_ = nullptr;
      if (booster_) booster_->Untrack(&config_);
    }
  }

  // predict(row: Float64Array) -> number (first output)
  Napi::Value Predict(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!config_) throw Napi::Error::New(env, "fast predictor was disposed (or its booster was)");
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
      throw Napi::TypeError::New(env, "row must be a Float64Array");
    }
    auto row = info[0].As<Napi::Float64Array>();
    if (static_cast<int32_t>(row.ElementLength()) != ncol_) {
      throw Napi::RangeError::New(env, "row has " + std::to_string(row.ElementLength()) + " values, model expects " +
                                           std::to_string(ncol_));
    }
    int64_t len = 0;
    Check(env, LGBM_BoosterPredictForMatSingleRowFast(config_, row.Data(), &len, out_.data()));
    return Napi::Number::New(env, out_[0]);
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    Free();
    booster_ = nullptr;
    boosterRef_.Reset();
    return info.Env().Undefined();
  }

  Booster* booster_ = nullptr;
  Napi::ObjectReference boosterRef_;
  FastConfigHandle config_ = nullptr;
  int32_t ncol_ = 0;
  int64_t outLen_ = 0;
  std::vector<double> out_;
};

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
  auto* ctors = new Constructors();
  Napi::Function dataset = Dataset::Init(env);
  Napi::Function booster = Booster::Init(env);
  Napi::Function fast = FastPredictor::Init(env);
  ctors->dataset = Napi::Persistent(dataset);
  ctors->booster = Napi::Persistent(booster);
  ctors->fastPredictor = Napi::Persistent(fast);
  env.SetInstanceData<Constructors>(ctors);
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

NODE_API_MODULE(candlecast_lightgbm, InitAll)
