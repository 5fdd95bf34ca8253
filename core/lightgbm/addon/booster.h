// A LightGBM booster (training, prediction, persistence) and its fast single-row predictor, as JS classes.
#pragma once
#include <unordered_set>

#include "dataset.h"

namespace candlecast {

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

}  // namespace candlecast
